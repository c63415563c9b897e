"""Label text as users type it, and back."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coe_backend import InvalidInput, format_labels, parse_labels
from coe_backend.rules.labels import effective_labels, label_is_true


@pytest.mark.parametrize("text, expected", [
    ("kube_tag=v1.28.3", {"kube_tag": "v1.28.3"}),
    ("a=1,b=2", {"a": "1", "b": "2"}),
    ("a=1\nb=2\n", {"a": "1", "b": "2"}),
    ("a=1,\n\n b=2 ,", {"a": "1", "b": "2"}),
    ("  a = 1  ", {"a": "1"}),
    ("opts=--feature-gates=A=true", {"opts": "--feature-gates=A=true"}),
    ("Mixed_Case=Value", {"Mixed_Case": "Value"}),
    ("empty=", {"empty": ""}),
    ('cidrs="10.0.0.0/8,192.168.0.0/16", x=1',
     {"cidrs": "10.0.0.0/8,192.168.0.0/16", "x": "1"}),
    ('q="say \\"hi\\""', {"q": 'say "hi"'}),
    ("a=1\r\nb=2", {"a": "1", "b": "2"}),
    ("", {}),
])
def test_parse(text, expected):
    assert parse_labels(text) == expected


def test_case_is_never_rewritten():
    assert parse_labels("Auto_Scaling_Enabled=True") == {
        "Auto_Scaling_Enabled": "True"}


@pytest.mark.parametrize("text, fragment", [
    ("a=1,oops", '"oops"'),
    ("=value", '"=value"'),
    ("a=1\nnot-a-pair\nb=2", '"not-a-pair"'),
    ("a=1,a=2", '"a"'),
    ('a="open', '"a"'),
    ('a="x" y', '"a"'),
])
def test_errors_name_the_offending_fragment(text, fragment):
    with pytest.raises(InvalidInput) as caught:
        parse_labels(text)
    assert caught.value.field == "labels"
    assert fragment in caught.value.errors["labels"]


def test_all_problems_are_reported_at_once():
    with pytest.raises(InvalidInput) as caught:
        parse_labels("one,=two,a=1,a=3")
    message = caught.value.errors["labels"]
    assert '"one"' in message and '"=two"' in message and '"a"' in message


def test_missing_equals_suggests_quoting():
    with pytest.raises(InvalidInput, match="double quotes"):
        parse_labels("cidrs=10.0.0.0/8,192.168.0.0/16")


def test_errors_can_be_filed_under_another_field():
    with pytest.raises(InvalidInput) as caught:
        parse_labels("bad", field="node_labels")
    assert caught.value.field == "node_labels"


keys = st.text(min_size=1).map(str.strip).filter(
    lambda k: k and not any(c in k for c in "=,\n"))
values = st.text()


@given(st.dictionaries(keys, values))
def test_format_then_parse_gives_the_labels_back(labels):
    assert parse_labels(format_labels(labels)) == labels


@given(st.dictionaries(keys, values.map(str.strip).filter(
    lambda v: not any(c in v for c in ',\n"\r'))))
def test_plain_values_are_written_as_typed(labels):
    assert format_labels(labels) == "\n".join(
        f"{key}={value}" for key, value in labels.items())


@pytest.mark.parametrize("value, expected", [
    ("true", True), ("True", True), ("1", True), ("yes", True),
    ("false", False), ("0", False), ("no", False), (None, False)])
def test_label_is_true_reads_like_magnums_drivers(value, expected):
    labels = {} if value is None else {"flag": value}
    assert label_is_true(labels, "flag") is expected


def test_label_is_true_default_for_absent_label():
    assert label_is_true({}, "flag", default=True) is True


@pytest.mark.parametrize("given_labels, merge, expected", [
    (None, False, {"a": "1", "b": "2"}),
    ({}, True, {"a": "1", "b": "2"}),
    ({"b": "3"}, True, {"a": "1", "b": "3"}),
    ({"b": "3"}, False, {"b": "3"}),
])
def test_effective_labels_mirror_magnum(given_labels, merge, expected):
    assert effective_labels({"a": "1", "b": "2"}, given_labels,
                            merge) == expected
