"""Validation of the ``args`` mapping that Serve hands to an application builder.

The args come from YAML written by the TypeScript side; a typo there must fail the deployment
with the field's path and what was expected, not surface later as a replica crash loop.
"""

from typing import Any, Mapping, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

ArgsT = TypeVar("ArgsT", bound="AppArgs")


class AppArgs(BaseModel):
    """Base for builder args: unknown keys are errors and values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def parse_app_args(model: type[ArgsT], args: Mapping[str, Any] | None, builder: str) -> ArgsT:
    """Validates ``args`` against ``model``.

    Args:
        model: the builder's args model (a subclass of :class:`AppArgs`).
        args: the ``args`` mapping from the Serve config; ``None`` is an empty mapping.
        builder: the builder's name, for the message.

    Returns:
        The validated, frozen args.

    Raises:
        ValueError: naming every bad field as ``args.<path>: <pydantic's message>``.
    """
    try:
        return model.model_validate(dict(args or {}))
    except ValidationError as err:
        problems = "; ".join(
            f"args.{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}"
            for e in err.errors()
        )
        raise ValueError(f"Invalid args for application builder '{builder}': {problems}") from None
