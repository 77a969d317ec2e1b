"""docs/datacontract.yaml (ODCS v3.1.0): current with pipeline/output/schemas.py, and every dataset
written from the samples matches it."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
import yaml

from pipeline.batch.corpus import run_corpus
from pipeline.output.contract import API_VERSION, DATASETS, contract_yaml, logical_type, physical_type
from pipeline.output.schemas import SCHEMAS
from tests.conftest import ROOT, SAMPLES

CONTRACT = ROOT / "docs" / "datacontract.yaml"


@pytest.fixture(scope="module")
def contract() -> dict:
    return yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))


def test_contract_file_is_current():
    assert CONTRACT.read_text(encoding="utf-8") == contract_yaml(), "run `make contract` and commit the file"


def test_contract_is_odcs_v3_and_declares_every_column_of_schemas(contract):
    assert (contract["apiVersion"], contract["kind"], contract["status"]) == (API_VERSION, "DataContract", "active")
    assert {"version", "apiVersion", "kind", "id", "status"} <= set(contract)  # ODCS's required fields
    assert [s["name"] for s in contract["schema"]] == list(DATASETS)
    assert set(DATASETS) == set(SCHEMAS) - {"base_keys"}  # a new dataset must be in the contract
    for obj in contract["schema"]:
        fields = list(SCHEMAS[obj["name"]])
        assert [p["name"] for p in obj["properties"]] == [f.name for f in fields], obj["name"]
        for prop, f in zip(obj["properties"], fields, strict=True):
            assert prop["physicalType"] == physical_type(f.type) and prop["logicalType"] == logical_type(f.type)
            assert prop["required"] is (not f.nullable), (obj["name"], f.name)


@pytest.fixture(scope="module")
def samples_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("contract") / "out"
    run_corpus([SAMPLES], out, workers=2, progress=False)
    return out


def test_contract_every_dataset_written_from_the_samples_matches_it(contract, samples_out):
    checked = {}
    for obj in contract["schema"]:
        files = sorted(samples_out.glob(obj["physicalName"]))
        assert files, f"no file for {obj['name']} ({obj['physicalName']})"
        for path in files:
            table = pq.read_table(path)
            assert table.schema.names == [p["name"] for p in obj["properties"]], path
            for prop, field in zip(obj["properties"], table.schema, strict=True):
                assert physical_type(field.type) == prop["physicalType"], (path, field.name)
                if prop["required"]:
                    assert not field.nullable and table.column(field.name).null_count == 0, (path, field.name)
        checked[obj["name"]] = len(files)
    assert checked["reports"] == 2 and checked["manifest"] == 1  # the PDFs won over their text exports
