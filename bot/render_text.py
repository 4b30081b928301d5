"""Neutral replies -> plain terminal text (numbered choices instead of buttons)."""

from __future__ import annotations

from bot.bars import bar
from dialogs import document as D
from dialogs import texts as T
from dialogs.replies import (
    Assessment,
    PassagesReply,
    QuestionReply,
    QuickAction,
    RecommendationReply,
    Reply,
)


def to_text(reply: Reply) -> str:
    return document_text(D.build(reply))


def question_text(q: QuestionReply) -> str:
    return document_text(D.question(q))


def assessment_text(a: Assessment) -> str:
    """``advisor assess``: the recommendation of one assessment, without buttons."""
    return document_text(D.recommendation(RecommendationReply(
        assessment=a, headline=T.headline(a.model, a.confidence))))


def explain_lines(a: Assessment) -> list[str]:
    """``advisor assess --explain``: each inferred factor's value, evidence and rule id."""
    if not a.inferred:
        return [T.EXPLAIN_NONE]
    lines = [T.EXPLAIN_HEAD]
    for factor_id, inferred in a.inferred.items():
        mark = f" ({T.EXPLAIN_UNCONFIRMED})" if factor_id in a.unconfirmed else ""
        lines.append(f"  {factor_id} = {inferred.value}{mark}")
        lines.append(f'    evidence: "{inferred.evidence}"')
        lines.append(f"    rule: {inferred.rule or T.EXPLAIN_NO_RULE}")
    return lines


def document_text(doc: D.Document) -> str:
    """The document as lines of text: choices numbered, actions as the words to type."""
    head = ": ".join(t for t in (doc.eyebrow.text if doc.eyebrow else "", doc.headline) if t)
    lines = [head] if head else []
    for block in doc.lead:
        if isinstance(block, D.Note | D.Choices):  # close under the headline
            lines += _block_lines(block)
        else:
            lines += ["", *_block_lines(block, indent="")] if lines else _block_lines(block, "")
    for section in doc.sections:
        lines += ["", f"{section.heading}:"]
        for block in section.blocks:
            lines += _block_lines(block)
        for part in section.parts:
            lines.append(f"  {part.heading}:")
            lines += _block_lines(part.block, indent="    ")
    for note in doc.notes:
        lines += ["", note.text]
    if doc.corrections:
        lines += ["", T.CORRECT_WITH + " " + " | ".join(
            f"{c.factor}={c.answer} ({c.label.lower()})" for c in doc.corrections)]
    return _with_actions("\n".join(lines), doc.actions)


def _block_lines(block: D.Block, indent: str = "  ") -> list[str]:
    if isinstance(block, D.Facts):
        width = max(len(r.label) for r in block.rows) if block.rows else 0
        return [
            f"{indent}{r.label + (':' if r.ratio is None else ''):<{width + 1}} "
            + (f"{bar(r.ratio)} {r.value}" if r.ratio is not None else r.value)
            for r in block.rows
        ]
    if isinstance(block, D.Bullets):
        return [f"{indent}- {item}" for item in block.items]
    if isinstance(block, D.Quotes):
        return [f'{indent}- {q.text} ("{q.evidence}")' for q in block.items]
    if isinstance(block, D.Callout):
        return [f"{indent}! {block.text}"]
    if isinstance(block, D.Passages):
        gap = [""] if block.role == "answer" else []
        lines = [line for p in block.items
                 for line in (*gap, f"{indent}* {p.title}", f"{indent}  {p.text}")]
        return lines[len(gap):]
    if isinstance(block, D.Choices):
        return [f"{indent}{i}. {c.label} - {c.detail}"
                + (f" ({T.CURRENT_ANSWER})" if c.current else "")
                for i, c in enumerate(block.items, 1)]
    return [f"{indent}{line}" for line in block.text.splitlines()]


def passages_text(reply: PassagesReply) -> str:
    """``advisor ask``: the passages answering a question, or the fallback."""
    return document_text(D.passages(reply))


def _with_actions(text: str, actions: tuple[QuickAction, ...]) -> str:
    if not actions:
        return text
    hints = " | ".join(f"{a.command} = {a.label.lower()}" for a in actions)
    return f"{text}\n  [{hints}]"
