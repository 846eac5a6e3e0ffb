"""One synthetic merchant application's facts: the licence as printed, the business as typed,
and the legal representative's own case (ID card, form, photos)."""

from __future__ import annotations

from dataclasses import dataclass

from robotlib.sandbox.cards.licence_card import LicenceLayout
from robotlib.sandbox.people.companies import Company
from robotlib.sandbox.scenarios.cases import Case, Photo
from robotlib.sandbox.scenarios.merchant import MerchantScenario


@dataclass(frozen=True)
class MerchantCase:
    """A merchant application: the business's licence and form, and the person applying."""

    scenario: MerchantScenario
    #: the legal representative's ID card, form and photos
    person: Case
    #: the licence as printed
    licence: Company
    form_uscc: str
    form_name: str
    licence_photo: Photo = Photo.CARD
    layout: LicenceLayout = LicenceLayout.TWO_COLUMN
