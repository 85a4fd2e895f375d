"""Settings: read once from arguments, then LITMAP_* variables, then defaults; bad values named."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from litmap import Settings, SettingsError
from litmap.settings import ENV_PREFIX


def test_arguments_beat_variables_beat_defaults():
    environ = {"LITMAP_MAILTO": "env@example.org", "LITMAP_RETRIES": "2", "LITMAP_TIME_LIMIT": "12.5"}
    s = Settings.from_env(environ, mailto="arg@example.org", retries=None)
    assert s.mailto == "arg@example.org"  # the argument
    assert s.retries == 2 and s.time_limit == 12.5  # the variables (None does not count as an argument)
    assert s.max_bytes == 25_000_000 and s.connect_timeout == 5.0  # the defaults


def test_every_field_has_a_variable_named_after_it(tmp_path):
    environ = {
        "LITMAP_OFFLINE": "yes",
        "LITMAP_CACHE_DIR": str(tmp_path),
        "LITMAP_CROSSREF_URL": "http://127.0.0.1:1/mirror/",
        "LITMAP_MAX_BYTES": "1_000_000",
        "LITMAP_PROGRESS": "0",
    }
    s = Settings.from_env(environ)
    assert s.offline is True and s.progress is False
    assert s.cache_dir == Path(tmp_path) and s.max_bytes == 1_000_000
    assert s.base_url("crossref") == "http://127.0.0.1:1/mirror"


def test_settings_page_names_every_variable():
    page = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [f"{ENV_PREFIX}{f.name.upper()}" for f in fields(Settings) if f"{ENV_PREFIX}{f.name.upper()}" not in page]
    assert not missing, f"docs/settings.md does not document {missing}"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LITMAP_RETRIES", "many", "LITMAP_RETRIES: expected a whole number, got 'many'"),
        ("LITMAP_OFFLINE", "perhaps", "LITMAP_OFFLINE: expected true or false, got 'perhaps'"),
        ("LITMAP_TIME_LIMIT", "soon", "LITMAP_TIME_LIMIT: expected a number, got 'soon'"),
        ("LITMAP_TIME_LIMIT", "0", "time_limit must be more than 0"),
        ("LITMAP_MAX_BYTES", "0", "max_bytes must be at least 1"),
        ("LITMAP_BREAKER_RATIO", "2", "breaker_ratio must be in"),
    ],
)
def test_values_litmap_cannot_use_are_named(variable, value, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        Settings.from_env({variable: value})


def test_offline_and_refresh_exclude_each_other():
    with pytest.raises(SettingsError, match="exclude each other"):
        Settings(offline=True, refresh=True)


def test_unknown_arguments_are_a_type_error():
    with pytest.raises(TypeError, match="unexpected keyword 'mail'; did you mean 'mailto'"):
        Settings.from_env({}, mail="x@example.org")


def test_settings_are_immutable_and_replace_makes_a_copy():
    s = Settings()
    with pytest.raises(AttributeError):
        s.offline = True
    assert s.replace(offline=True).offline and not s.offline


def test_the_cache_folder_is_made_on_first_use_not_before(tmp_path):
    s = Settings(cache_dir=tmp_path / "later")
    assert not (tmp_path / "later").exists()
    assert s.cache_folder() == tmp_path / "later" and (tmp_path / "later").is_dir()


def test_an_unknown_service_has_no_base_url():
    with pytest.raises(SettingsError, match="no base URL setting for service 'nowhere'"):
        Settings().base_url("nowhere")


def test_figure_formats_and_resolution_from_variables():
    s = Settings.from_env({"LITMAP_FIGURE_FORMATS": "PNG, svg", "LITMAP_FIGURE_DPI": "72"})
    assert s.figure_formats == ("png", "svg") and s.figure_dpi == 72
    assert Settings().figure_formats == ("png", "svg", "pdf") and Settings().figure_dpi is None  # the preset's
    with pytest.raises(SettingsError, match="figure_formats must be some of png, svg, pdf, got 'gif'"):
        Settings.from_env({"LITMAP_FIGURE_FORMATS": "gif"})
    with pytest.raises(SettingsError, match="figure_formats"):
        Settings.from_env({"LITMAP_FIGURE_FORMATS": ""})


def test_settings_survive_the_round_trip_through_variables(tmp_path):
    """What `litmap notebooks` hands a kernel (Settings.to_env) reads back as the same settings."""
    s = Settings(
        mailto="me@example.org", cache_dir=tmp_path, offline=True, evidence=False, openalex_key="k3y-only-here", retries=1,
        time_limit=2.5, figure_formats=("svg",), progress=False,
    )  # fmt: skip
    env = s.to_env()
    assert set(env) == {ENV_PREFIX + f.name.upper() for f in fields(Settings)}
    assert Settings.from_env({k: v for k, v in env.items() if v is not None}) == s
    assert env["LITMAP_OPENALEX_KEY"] == "k3y-only-here" and "k3y" not in repr(s)
