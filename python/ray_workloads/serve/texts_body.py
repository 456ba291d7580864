"""The ``{"texts": [...]}`` request body shared by the embedding, tokenizer and split apps."""

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict, Field, StrictStr


class TextsBody(BaseModel):
    """A non-empty list of strings. FastAPI answers 422 naming ``body.texts`` otherwise,
    and 422 ``json_invalid`` when the body is not JSON at all."""

    model_config = ConfigDict(extra="forbid")

    texts: list[StrictStr] = Field(min_length=1)


def check_item_limit(texts: list[str], limit: int) -> None:
    """Reject oversized requests with 413 before they reach the model: one huge request would
    otherwise fill a whole batch and stall every other caller."""
    if len(texts) > limit:
        raise HTTPException(
            status_code=413,
            detail=f"body.texts has {len(texts)} items; at most {limit} are accepted per request",
        )
