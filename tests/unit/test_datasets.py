"""Dataset kinds: keys compare by the kind's rule, a question with the wrong number of key
values is a DatasetMismatch, and the generic connectors take the kind's typed interface."""

from __future__ import annotations

from pathlib import Path

import pytest

from robotlib.config import SourceConfig
from robotlib.datasets.registries import BLACKLIST, GOV_IDENTITY, TELECOM
from robotlib.errors import BusinessError, ConfigError, DatasetMismatch
from robotlib.sources.base import GovIdentitySource, TelecomSource
from robotlib.sources.csv_sources import CsvRecords, CsvScreening, make_csv_source
from robotlib.sources.datasets import check_named_datasets, keyed, typed_connector
from robotlib.sources.records import TelecomRecord


def test_a_key_compares_by_the_kinds_rule() -> None:
    record = TelecomRecord(phone="+86 138 0013 8000", id_number="440305199003071236", name="张伟")
    assert TELECOM.key_of(record) == ("13800138000",)
    assert TELECOM.key(["138-0013-8000"]) == TELECOM.key_of(record)
    assert TELECOM.columns == ("phone", "id_number", "name")


def test_a_question_with_another_number_of_key_values_is_a_mismatch_not_retried() -> None:
    with pytest.raises(DatasetMismatch, match="'telecom' is looked up by phone; asked with 2"):
        TELECOM.key(["13800138000", "张伟"])
    assert issubclass(DatasetMismatch, BusinessError)
    assert issubclass(DatasetMismatch, ConfigError)


def test_a_generic_connector_is_an_instance_of_the_kinds_interface() -> None:
    connector = typed_connector(CsvRecords, TelecomSource)
    assert issubclass(connector, TelecomSource)
    assert issubclass(connector, CsvRecords)
    assert typed_connector(CsvRecords, TelecomSource) is connector, "one class per pair"
    assert not issubclass(connector, GovIdentitySource)


def test_a_dataset_not_looked_up_by_key_needs_its_own_connector() -> None:
    with pytest.raises(ConfigError, match="'blacklist' is not looked up by key"):
        keyed("lists", BLACKLIST, "soap")
    assert keyed("gov", GOV_IDENTITY, "csv") is GovIdentitySource


def test_the_csv_type_takes_a_kinds_own_connector(tmp_path: Path) -> None:
    config = SourceConfig.model_validate({"type": "csv", "path": "bl.csv", "threshold": 0.9})
    source = make_csv_source("blacklist", config, tmp_path)
    assert isinstance(source, CsvScreening)


def test_a_named_dataset_must_be_registered() -> None:
    good = SourceConfig.model_validate({"type": "csv", "path": "g.csv", "dataset": "gov_identity"})
    check_named_datasets({"registry": good, "telecom": SourceConfig(type="csv")})
    typo = SourceConfig.model_validate({"type": "http", "url": "http://x", "dataset": "gov_id"})
    with pytest.raises(ConfigError, match=r"\[sources.registry\] dataset 'gov_id' is registered"):
        check_named_datasets({"registry": typo})
