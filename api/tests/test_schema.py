"""The OpenAPI document is valid, and a schema-driven fuzzer (schemathesis, on hypothesis) sends
every operation what the document allows, and more: never a 5xx, every answer conforms to the
document (status, content type, body). Bounded in examples so that `make test` keeps its budget."""

import collections
import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CONTROLES = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_le_schema_openapi_est_valide(client):
    reponse = client.get("/api/v1/openapi.json")
    assert reponse.status_code == 200
    document = reponse.json()
    validate(document)  # raises on any error against the OpenAPI 3.1 specification
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/simulations", "/api/v1/bareme", "/api/v1/medecins"}
    simulation = document["components"]["schemas"]["Simulation"]
    from simulateur import contrat

    assert list(simulation["properties"]) == list(contrat.NOMS)
    assert simulation["additionalProperties"] is False
    for operation in ("simulations", "bareme"):
        methode = "post" if operation == "simulations" else "get"
        codes = set(document["paths"][f"/api/v1/{operation}"][methode]["responses"])
        assert {"200", "400", "413", "415", "422", "429"} <= codes
    assert "Swagger" not in json.dumps(document) and "cdn" not in json.dumps(document).lower()


@pytest.fixture
def schema_api(settings):
    """The fuzzer calls the WSGI handler itself, not Django's test client: like the client, keep
    the handler from closing the test's database connection at the end of each request (a real
    close on PostgreSQL, inside the test's transaction, turns every later query into a 503)."""
    settings.API_LIMITE_PAR_MINUTE = 0  # the fuzzer sends hundreds of requests from one address
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


OPERATIONS = [
    ("/api/v1/simulations", "POST", GenerationMode.POSITIVE),
    ("/api/v1/simulations", "POST", GenerationMode.NEGATIVE),
    ("/api/v1/bareme", "GET", GenerationMode.POSITIVE),
    ("/api/v1/bareme", "GET", GenerationMode.NEGATIVE),
    ("/api/v1/medecins", "GET", GenerationMode.POSITIVE),
]
# What the fuzz of an operation must have met at least once: it computed, not only refused, and
# it was refused what the document forbids.
ATTENDUS = {
    ("/api/v1/simulations", GenerationMode.POSITIVE): 200,
    ("/api/v1/simulations", GenerationMode.NEGATIVE): 422,
}


@pytest.mark.parametrize(("chemin", "methode", "mode"), OPERATIONS)
def test_fuzz_de_chaque_operation(schema_api, chemin, methode, mode):
    """Positive: what the document allows (valid JSON of strings and numbers); negative: what it
    does not (booleans, arrays, unknown fields…)."""
    statuts = collections.Counter()

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(donnees=st.data())
    def fuzz(donnees):
        case = donnees.draw(schema_api[chemin][methode].as_strategy(generation_mode=mode))
        statuts[case.call_and_validate(checks=CONTROLES).status_code] += 1

    fuzz()
    if (chemin, mode) in ATTENDUS:
        assert statuts[ATTENDUS[(chemin, mode)]] > 0, statuts
