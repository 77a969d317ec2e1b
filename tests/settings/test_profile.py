import pytest

from pipeline.settings.profile import CONFIG_DIR, ProfileError, load_profile, profile_from_dict


def test_profile_norrbotten_extends_default():
    p = load_profile("region-norrbotten")
    assert p.report.organisation == "region-norrbotten"
    assert "Samhälle" in p.sections.perspectives  # from default.toml
    assert "Kiruna" in p.language.municipalities and len(p.language.municipalities) == 14
    assert p.tables.roles["metric"][0] == "Styrmått"


@pytest.mark.parametrize("path", sorted((x for x in CONFIG_DIR.iterdir() if x.name.endswith(".toml")), key=lambda p: p.name),
                         ids=lambda p: p.name.removesuffix(".toml"))
def test_profile_every_config_loads(path):
    name = path.name.removesuffix(".toml")
    assert load_profile(name).name == name


def test_profile_unknown_key_is_an_error():
    with pytest.raises(ProfileError, match=r"unknown key\(s\) activty_prefixes"):
        profile_from_dict({"scorecard": {"activty_prefixes": ["Aktivitet:"]}})


def test_profile_unknown_section_is_an_error():
    with pytest.raises(ProfileError, match="unknown key"):
        profile_from_dict({"scorcard": {}})


def test_profile_wrong_type_is_an_error():
    with pytest.raises(ProfileError, match="max_heading_words"):
        profile_from_dict({"sections": {"max_heading_words": "many"}})


def test_profile_unknown_status_value_is_an_error():
    with pytest.raises(ProfileError, match="unknown status"):
        profile_from_dict({"scorecard": {"symbols": {"●": "green"}}})


def test_profile_unknown_name_lists_available():
    with pytest.raises(ProfileError, match="available: .*region-norrbotten"):
        load_profile("no-such-org")


def test_profile_other_vocabulary_is_config_not_code():
    p = profile_from_dict({"tables": {"roles": {"metric": ["Mätetal"], "success_factor": ["Fokusområde"]}}})
    from pipeline.structure.tables import header_to_roles
    assert header_to_roles(("Fokusområde", "Mätetal", "Mål"), p.tables)[:2] == ("success_factor", "metric")
