"""envelint.common.error_codes: the shapes listed error codes share."""

from __future__ import annotations

import re

from envelint.common.error_codes import code_form, quoted_codes, shape


def test_letters_keep_their_word_in_any_case_and_digits_are_counted():
    assert re.fullmatch(shape("DCS.4001"), "dcs.9999")
    assert not re.fullmatch(shape("DCS.4001"), "DCS.400")
    assert re.fullmatch(shape("DCS.4001"), "DCS.50004000")  # longer codes of the same form
    assert not re.fullmatch(shape("DCS.4001"), "ECS.4001")


def test_the_form_is_any_listed_shape_with_one_example_each():
    form = code_form(["DCS.4001", "111400063", "DCS.4002"])
    assert form is not None
    assert form.examples == ("111400063", "DCS.4001")
    assert re.fullmatch(form.pattern, "111400071")
    assert not re.fullmatch(form.pattern, "11140007")


def test_no_code_no_form():
    assert code_form([]) is None


def test_codes_quoted_in_prose():
    assert quoted_codes("Error code, such as Ecs.0005 or APIG-1234.") == ["Ecs.0005", "APIG-1234"]
    assert quoted_codes("Error code returned on failure, version 1.0.") == []
