"""The configuration's JSON Schema: shipped in the package, valid, and accepting the examples."""

from __future__ import annotations

import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from envelint.config.loader import config_schema, schema_problems
from envelint.config.yaml_reader import ConfigLoader

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "config"


def test_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(config_schema())


def test_every_leaf_setting_has_an_expected_text_for_messages() -> None:
    properties = config_schema()["properties"]

    missing = [
        name
        for name, schema in properties.items()
        if "$ref" not in schema and "x-expected" not in schema
    ]

    assert missing == []


@pytest.mark.parametrize(
    "document",
    [
        yaml.load((FIXTURES / "envelint.yaml").read_text(), Loader=ConfigLoader),
        tomllib.loads((FIXTURES / "pyproject.toml").read_text())["tool"]["envelint"],
    ],
    ids=["yaml", "pyproject"],
)
def test_fixtures_are_valid(document: dict) -> None:
    assert schema_problems(document) == []


def test_yaml_off_and_no_stay_words() -> None:
    assert yaml.load("a: off\nb: no\nc: true", Loader=ConfigLoader) == {
        "a": "off",
        "b": "no",
        "c": True,
    }
