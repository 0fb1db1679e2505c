"""The exports for analysis tools, read by Python's own csv module and by the geojson package:
one row per entity, ids equal to the API's, counts round-trip, coordinates (lon, lat)."""

import csv
import io

import geojson

SEPARATOR = " | "


def rows(service, name: str) -> list[dict]:
    text = service.text(f"/export/{name}.csv")
    assert not text.startswith("\ufeff"), "no byte-order mark"
    assert "\r\n" in text, "RFC 4180 line ends"
    return list(csv.DictReader(io.StringIO(text, newline="")))


def ids(service, query: str, path: list[str]) -> list[str]:
    data = service.graphql(query)
    for step in path:
        data = data[step]
    return [node["id"] for node in data]


def test_each_csv_has_one_row_per_entity_with_the_apis_ids(service):
    sessions = rows(service, "sessions")
    assert [r["id"] for r in sessions] == ids(
        service, "{ sessions(first: 100) { nodes { id } } }", ["sessions", "nodes"]
    )
    speakers = rows(service, "speakers")
    assert [r["id"] for r in speakers] == ids(
        service, "{ speakers(first: 100) { nodes { id } } }", ["speakers", "nodes"]
    )
    cities = rows(service, "cities")
    assert [r["id"] for r in cities] == ids(
        service, "{ cities(first: 100) { nodes { id } } }", ["cities", "nodes"]
    )
    pairings = rows(service, "pairings")
    assert [r["id"] for r in pairings] == ids(service, "{ cityPairings { id } }", ["cityPairings"])
    assert (len(sessions), len(speakers), len(cities), len(pairings)) == (13, 29, 16, 13)


def test_multi_valued_cells_and_times_round_trip(service):
    api = service.graphql(
        "{ sessions(first: 100) { nodes { id startsAt endsAt speakers { id name } } } "
        "cityPairings { id sessions { id } } }"
    )
    by_id = {s["id"]: s for s in api["sessions"]["nodes"]}
    for row in rows(service, "sessions"):
        session = by_id[row["id"]]
        assert row["starts_at_utc"] == session["startsAt"].replace("+00:00", "Z")
        assert row["ends_at_utc"] == session["endsAt"].replace("+00:00", "Z")
        listed = row["speaker_ids"].split(SEPARATOR) if row["speaker_ids"] else []
        assert listed == [s["id"] for s in session["speakers"]]
        names = row["speakers"].split(SEPARATOR) if row["speakers"] else []
        assert names == [s["name"] for s in session["speakers"]]
    pairings = {p["id"]: p for p in api["cityPairings"]}
    for row in rows(service, "pairings"):
        assert row["session_ids"].split(SEPARATOR) == [s["id"] for s in pairings[row["id"]]["sessions"]]


def test_the_geojson_is_valid_rfc_7946_with_lon_lat_and_attribution(service):
    collection = geojson.loads(service.text("/export/cities.geojson"))
    assert isinstance(collection, geojson.FeatureCollection)
    assert collection.is_valid, collection.errors()
    assert collection["properties"]["attribution"] == "GeoNames, geonames.org (CC BY 4.0)"
    points = collection.features
    assert len(points) == 16
    assert {f.geometry.type for f in points} == {"Point"}
    cities = service.graphql(
        "{ cities(first: 100) { nodes { id coordinates { latitude longitude } programmeMemberships { programme } } } }"
    )["cities"]["nodes"]
    by_id = {c["id"]: c for c in cities}
    for point in points:
        city = by_id[point.id]
        lon, lat = point.geometry.coordinates
        assert (lon, lat) == (city["coordinates"]["longitude"], city["coordinates"]["latitude"])
        programmes = point.properties["programmes"].split(SEPARATOR) if point.properties["programmes"] else []
        assert programmes == [m["programme"] for m in city["programmeMemberships"]]
        assert point.properties["dla_round"] is None or isinstance(point.properties["dla_round"], int)
    lines = geojson.loads(service.text("/export/pairings.geojson"))
    assert lines.is_valid, lines.errors()
    assert lines["properties"]["attribution"] == "GeoNames, geonames.org (CC BY 4.0)"
    assert {f.geometry.type for f in lines.features} == {"LineString"}
    pairings = {p["id"]: p for p in service.graphql("{ cityPairings { id sessions { title } } }")["cityPairings"]}
    assert {line.id for line in lines.features} == set(pairings)
    for line in lines.features:
        start, end = line.geometry.coordinates
        assert start == list(point_of(points, line.properties["jp_city_id"]))
        assert end == list(point_of(points, line.properties["eu_city_id"]))
        titles = line.properties["session_titles"].split(SEPARATOR)
        assert titles == [s["title"] for s in pairings[line.id]["sessions"]]


def point_of(points, city_id):
    return next(p.geometry.coordinates for p in points if p.id == city_id)


def test_the_geojson_converts_to_shapefiles_with_distinct_fields_and_attribution(service, tmp_path):
    """Each GeoJSON export written as a Shapefile with pyshp, as a GIS conversion does: dBASE
    field names are cut to 10 characters, and every name stays distinct (the id never sits under
    a name-like column); each record keeps the GeoNames attribution of its coordinates."""
    import shapefile

    for name, shape_type in [("cities", shapefile.POINT), ("pairings", shapefile.POLYLINE)]:
        collection = geojson.loads(service.text(f"/export/{name}.geojson"))
        keys = list(collection.features[0].properties)
        fields = [key[:10] for key in keys]
        assert len(set(fields)) == len(fields), keys
        path = str(tmp_path / name)
        with shapefile.Writer(path, shapeType=shape_type) as writer:
            for field in fields:
                writer.field(field, "C", size=254)
            for feature in collection.features:
                if shape_type == shapefile.POINT:
                    writer.point(*feature.geometry.coordinates)
                else:
                    writer.line([feature.geometry.coordinates])
                writer.record(*["" if feature.properties[k] is None else str(feature.properties[k]) for k in keys])
        with shapefile.Reader(path) as reader:
            names = [field[0] for field in reader.fields[1:]]
            assert names == fields
            assert len(set(names)) == len(names)
            records = reader.records()
            assert len(records) == len(collection.features)
            for record in records:
                assert record[fields[keys.index("attribution")]] == "GeoNames, geonames.org (CC BY 4.0)"
        if name == "pairings":
            assert {"jp_city_id", "jp_city", "eu_city_id", "eu_city"} <= set(names)
