"""The dataset as a Frictionless data package: /export/datapackage.json read by the frictionless
package (5.x, the standard data-package profile: nothing is fetched beyond the service),
every resource validated against the live exports (types, primary keys, foreign keys), then
each table loaded with pandas with the types the descriptor declares."""

import json

import pandas
from frictionless import Package

from conftest import Service

GEONAMES = "GeoNames, geonames.org (CC BY 4.0)"


def package_of(service: Service) -> Package:
    return Package(f"{service.url}/export/datapackage.json")


def test_every_resource_validates_against_the_live_exports(service):
    package = package_of(service)
    report = package.validate()
    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "type", "note"])
    names = {resource.name for resource in package.resources}
    assert {"sessions", "speakers", "cities", "pairings", "appearances", "organisations",
            "mission-cities", "leading-areas", "provenance", "cities-geojson", "pairings-geojson"} <= names
    # The descriptor names the version the exports were rendered from, and the licences.
    version = service.graphql("{ dataset { version } }")["dataset"]["version"]
    assert package.version == version
    status, headers, _ = service.get("/export/sessions.csv")
    assert (status, headers["dataset-version"]) == (200, version)
    assert [licence["name"] for licence in package.licenses] == ["CC-BY-4.0"]
    assert any("geonames.org" in (source.get("path") or "") for source in package.sources)


def test_every_table_loads_in_pandas_with_its_declared_types_and_keys(service):
    package = package_of(service)
    frames = {}
    for resource in package.resources:
        if not resource.tabular:
            continue
        frame = resource.to_pandas()
        frames[resource.name] = frame
        schema = resource.schema
        for field in schema.fields:
            column = frame[field.name] if field.name in frame.columns else frame.index.get_level_values(field.name)
            if field.type == "integer":
                assert pandas.api.types.is_integer_dtype(column) or column.isna().any(), (resource.name, field.name)
            if field.type == "boolean":
                assert set(column.dropna().unique()) <= {True, False}, (resource.name, field.name)
        if schema.primary_key:
            keys = frame.index if frame.index.names == schema.primary_key else frame.set_index(schema.primary_key).index
            assert keys.is_unique, resource.name
    # Foreign keys resolve, read with pandas too.
    ids = {name: set(frame.index if frame.index.name == "id" else frame["id"]) for name, frame in frames.items()
           if "id" in (frame.index.names or []) or "id" in frame.columns}
    for resource in package.resources:
        if not resource.tabular:
            continue
        frame = frames[resource.name].reset_index()
        for key in resource.schema.foreign_keys:
            (field,) = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
            target = key["reference"]["resource"]
            values = set(frame[field].dropna())
            assert values <= ids[target], (resource.name, field, values - ids[target])
    # Counts a researcher checks against the event page.
    assert len(frames["sessions"]) == 13
    assert len(frames["speakers"]) == 29
    assert len(frames["cities"]) == 16
    assert len(frames["pairings"]) == 13
    assert len(frames["mission-cities"]) == 111
    appearances = frames["appearances"]
    assert int(appearances["has_presentation"].sum()) == 16


def test_every_export_with_coordinates_carries_the_attribution(service):
    package = package_of(service)
    for resource in package.resources:
        if resource.tabular and "latitude" in resource.schema.field_names:
            frame = resource.to_pandas()
            located = frame["latitude"].notna()
            assert (frame.loc[located, "coordinates_attribution"] == GEONAMES).all(), resource.name
    for path in ("/export/cities.geojson", "/export/pairings.geojson"):
        assert json.loads(service.text(path))["properties"]["attribution"] == GEONAMES


def test_the_archive_unpacked_validates_offline_as_a_data_package(service, tmp_path):
    """/export/dataset.zip, unpacked into a folder and validated there by frictionless: every
    resource path resolves inside the archive (nothing is read from the service or the network),
    and the citation and changelog it carries name its version."""
    import io
    import zipfile

    from frictionless import validate

    status, headers, body = service.get("/export/dataset.zip")
    assert status == 200
    version = service.graphql("{ dataset { version shortVersion } }")["dataset"]
    assert f'eu-japan-100-cities-{version["shortVersion"]}.zip' in headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 11
    for task in report.tasks:
        assert not task.place.startswith("http"), task.place
    assert f'version: "{version["version"]}"' in (tmp_path / "CITATION.cff").read_text()
    assert f'## {version["shortVersion"]} (' in (tmp_path / "CHANGELOG.md").read_text()
