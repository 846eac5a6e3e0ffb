"""Robot Framework keywords of the vehicle plugin (``tests/helpers/vehicle_plugin.py``): a
library of the plugin's own, imported beside ``robotlib.VeribotLibrary`` with
``Library    tests.helpers.vehicle_keywords.VehicleKeywords``; no core file changes."""

from __future__ import annotations

from pathlib import Path

from robot.api.deco import keyword, library

from tests.helpers.vehicle_plugin import PixelTextEngine, read_plate


@library(scope="GLOBAL")
class VehicleKeywords:
    """Keywords to read vehicle licences."""

    def __init__(self) -> None:
        self.engine = PixelTextEngine(threads=1)

    @keyword
    def read_vehicle_plate(self, path: Path) -> str:
        """The plate on the vehicle licence image at ``path``; fails when it cannot be read.

        Example:
        | ${plate}=    Read Vehicle Plate    ${CURDIR}/licence.png
        """
        plate = read_plate(self.engine, path)
        if plate is None:
            raise AssertionError(f"{path.name}: no plate could be read")
        return plate
