"""Builder args are validated before anything deploys, with the field named (no Ray needed)."""

import random

import pytest

from ray_workloads.serve import embedding, textgen, tokenizer, traffic_split
from ray_workloads.serve.weighted_choice import WeightedChooser


def test_embedding_defaults_follow_the_contract() -> None:
    args = embedding.EmbeddingArgs()
    assert (args.model, args.max_batch_size, args.batch_wait_timeout_s) == (
        "sentence-transformers/all-MiniLM-L6-v2", 64, 0.01)
    assert (args.max_items_per_request, args.device, args.version) == (256, "auto", "v1")


def test_textgen_model_path_defaults_to_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODEL_PATH", raising=False)
    assert textgen.TextGenArgs().model_path == "/models/textgen"
    monkeypatch.setenv("MODEL_PATH", "/mnt/gpt")
    assert textgen.TextGenArgs().model_path == "/mnt/gpt"


@pytest.mark.parametrize(
    ("builder", "args", "message"),
    [
        (embedding.build_app, {"max_batch_size": 0}, "args.max_batch_size: Input should be greater than or equal to 1"),
        (embedding.build_app, {"max_batch_size": "64"}, "args.max_batch_size: Input should be a valid integer"),
        (embedding.build_app, {"device": "tpu"}, "args.device: Input should be 'auto', 'cpu' or 'cuda'"),
        (embedding.build_app, {"batch_size": 8}, "args.batch_size: Extra inputs are not permitted"),
        (textgen.build_app, {"max_new_tokens": -1}, "args.max_new_tokens: Input should be greater than or equal to 1"),
        (tokenizer.build_app, {"max_items_per_request": 1.5}, "args.max_items_per_request: Input should be a valid integer"),
    ],
)
def test_bad_args_name_the_field(builder, args, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="Invalid args for application builder") as err:
        builder(args)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        ([{"application": "v1", "weight": 90}, {"application": "v2", "weight": 20}],
         "route weights must sum to 100, got 110 (v1=90, v2=20)"),
        ([{"application": "v1", "weight": 90}, {"application": "v2", "weight": 9.5}],
         "args.routes.1.weight: Input should be a valid integer"),
        ([{"application": "v1", "weight": 150}, {"application": "v2", "weight": -50}],
         "args.routes.0.weight: Input should be less than or equal to 100"),
        ([{"application": "v1", "weight": 50}, {"application": "v1", "weight": 50}],
         "routes name an application twice: ['v1', 'v1']"),
        ([], "args.routes: List should have at least 1 item"),
    ],
)
def test_traffic_split_rejects_bad_weights(routes: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ValueError) as err:
        traffic_split.build_app({"routes": routes})
    assert message in str(err.value)


def test_traffic_split_missing_routes() -> None:
    with pytest.raises(ValueError, match=r"args\.routes: Field required"):
        traffic_split.build_app({})


def test_weighted_chooser_shares_match_weights() -> None:
    # GIVEN 90/10 weights and N independent draws, each share is binomial(N, p): the bound
    # of 5 standard deviations fails by chance with probability below 1e-6.
    n = 20_000
    chooser = WeightedChooser({"v1": 90, "v2": 10}, rng=random.Random(1))
    hits = sum(chooser.choose() == "v2" for _ in range(n))
    sd = (n * 0.1 * 0.9) ** 0.5
    assert abs(hits - n * 0.1) < 5 * sd


def test_weighted_chooser_never_picks_a_zero_weight() -> None:
    chooser = WeightedChooser({"old": 0, "new": 100}, rng=random.Random(2))
    assert {chooser.choose() for _ in range(1000)} == {"new"}
