"""The ``advisor`` command line (CONTRACT §3).

Exit status: 0 success, 2 bad input (one line on stderr naming what is allowed), 1 internal or
connection failure. Commands that do not serve never import slack_bolt or botbuilder.
"""

from __future__ import annotations

import gc
import getpass
import io
import json
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from dialogs.factors import MODELS

if TYPE_CHECKING:  # imported where used: a one-shot command that reads no settings starts faster
    from bot.settings import Settings

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1


class BadInput(click.UsageError):
    """Bad input: exit 2 with one line."""


_LINE_BREAKING = r"[\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]"
_SURROGATES = r"[\ud800-\udfff]"
"""Sources only: ``re`` compiles (and caches) them when a message or a text first needs them."""


def one_line(message: str) -> str:
    """``message`` with every control or line-breaking character (and any lone surrogate, which
    no terminal can print) shown as an escape."""
    return re.sub(
        _LINE_BREAKING,
        lambda m: m.group().encode("unicode_escape", "backslashreplace").decode(),
        message,
    )


def valid_text(text: str) -> str:
    """``text`` as valid Unicode: bytes of ``argv`` that were not UTF-8 (which Python hands
    over as lone surrogates) become U+FFFD, as a UTF-8 decoder replacing errors would."""
    return re.sub(_SURROGATES, "\ufffd", text)


def _valid(_ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
    """Click callback for text arguments and options: ``valid_text`` before anything reads
    them (they may end up quoted in JSON output, which cannot carry lone surrogates)."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, tuple):
        return tuple(valid_text(v) if isinstance(v, str) else v for v in value)
    return value


def _fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    click.echo(f"advisor: {one_line(message)}", err=True)
    sys.exit(code)


def collect_garbage() -> None:
    """Turn the garbage collector back on where ``run`` turned it off, for a command that runs
    on (``chat`` once it has greeted, ``serve``) or reads data of unbounded size. What start-up
    built is frozen first (``gc.freeze``, as ``advisor serve`` does after its warm-up): those
    objects live as long as the process, so no collection needs to walk them again. A no-op
    where the collector is on (``main`` called in-process)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _settings(**overrides: Any) -> Settings:
    from bot.settings import SettingsError, load_settings

    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        _fail("invalid settings: " + "; ".join(exc.problems), EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Engagement Advisor: managed services or IT staff augmentation?"""


# --- ask --------------------------------------------------------------------------------------


@cli.command()
@click.argument("question", nargs=-1, required=True, callback=_valid)
@click.option(
    "-k",
    "k",
    type=click.IntRange(1, 20),
    default=3,
    show_default=True,
    help="How many passages at most (1-20).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def ask(question: tuple[str, ...], k: int, as_json: bool) -> None:
    """The most relevant knowledge-base passages for QUESTION."""
    from dialogs.answers import answer_question
    from knowledge import load_default

    text = " ".join(question).strip()
    if not text:
        raise BadInput(
            "QUESTION is empty; ask something, e.g. advisor ask 'what is staff augmentation?'"
        )
    reply = answer_question(text, load_default(), k=k)
    if as_json:
        out: dict[str, Any] = {
            "question": text,
            "passages": [
                {
                    "id": p.id,
                    "title": p.title,
                    "topics": list(p.topics),
                    "score": p.score,
                    "text": p.text,
                }
                for p in reply.passages
            ],
        }
        if reply.fallback:
            out["fallback"] = reply.fallback
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from bot.render_text import passages_text

    click.echo(passages_text(reply))


# --- assess -----------------------------------------------------------------------------------


def _parse_answers(pairs: Sequence[str]) -> dict[str, str]:
    from dialogs import factors as F

    answers: dict[str, str] = {}
    for pair in pairs:
        factor, sep, value = pair.partition("=")
        factor, value = factor.strip(), value.strip()
        if not sep or not factor or not value:
            raise BadInput(
                f"--answer takes FACTOR=VALUE, got {pair!r}; factors: {', '.join(F.FACTOR_IDS)}"
            )
        if factor not in F.BY_ID:
            raise BadInput(
                f"unknown factor {factor!r} in --answer; factors: {', '.join(F.FACTOR_IDS)}"
            )
        allowed = F.get(factor).answer_ids
        if value not in allowed:
            raise BadInput(f"unknown answer {value!r} for {factor}; allowed: {', '.join(allowed)}")
        if factor in answers and answers[factor] != value:
            raise BadInput(f"{factor} is given twice ({answers[factor]} and {value}); give it once")
        answers[factor] = value
    return answers


@cli.command()
@click.option(
    "--answer",
    "answers",
    callback=_valid,
    multiple=True,
    metavar="FACTOR=VALUE",
    help="A factor's answer; repeatable. Given answers win over --text.",
)
@click.option(
    "--text", callback=_valid, default=None, help="A free-text description of the engagement."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--explain",
    is_flag=True,
    help="List each factor read from --text: its value, evidence and the id of the rule.",
)
def assess(answers: tuple[str, ...], text: str | None, as_json: bool, explain: bool) -> None:
    """One-shot recommendation from answers, a description, or both."""
    from dialogs.assess import assess as run_assessment
    from dialogs.inference import hypothetical, infer
    from dialogs.turn import MAX_TEXT_CHARS
    from knowledge import load_default

    given = _parse_answers(answers)
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise BadInput(f"--text is {len(text)} characters; at most {MAX_TEXT_CHARS} are allowed")
    if not given and not (text and text.strip()):
        raise BadInput(
            "nothing to assess: give --answer FACTOR=VALUE (repeatable) and/or --text TEXT"
        )
    inferred = {f: i for f, i in (infer(text) if text else {}).items() if f not in given}
    merged = {**{f: i.value for f, i in inferred.items()}, **given}
    result = run_assessment(merged, load_default(), inferred)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
        return
    from bot.render_text import assessment_text, explain_lines

    if explain:
        click.echo("\n".join(explain_lines(result)) + "\n")
    if text and hypothetical(text):
        from dialogs import texts as T

        click.echo(T.HYPOTHETICAL + "\n")
    click.echo(assessment_text(result))


# --- scenario ---------------------------------------------------------------------------------

@cli.command()
@click.option(
    "--model", type=click.Choice(MODELS), default=None, help="The scenario's model."
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**63 - 1),
    default=None,
    help="Pick the scenario (the same seed gives the same scenario); random when omitted.",
)
@click.option(
    "--level",
    type=click.IntRange(1, 3),
    default=None,
    help="Difficulty: 1 short, 2 with fit facts and small talk, 3 hidden facts and a warning.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def scenario(model: str | None, seed: int | None, level: int | None, as_json: bool) -> None:
    """Print one practice scenario: its text, its factor answers and its model."""
    import secrets

    from dialogs.scenarios import generate

    chosen = seed if seed is not None else secrets.randbelow(10**6)
    result = generate(chosen, model=model, level=level)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2))
        return
    from dialogs import factors as F

    click.echo(result.text)
    click.echo("")
    for factor_id, answer_id in result.answers.items():
        click.echo(f"- {F.get(factor_id).topic}: {F.get(factor_id).answer(answer_id).label}")
    click.echo(f"Model: {F.MODEL_NAMES[result.model]}")
    for code in result.warnings:
        click.echo(f"Warning: {code}")
    click.echo(f"(seed {result.seed}, level {result.level})")


# --- chat -------------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--redis-url",
    default=None,
    help="Keep the conversation in Redis (else REDIS_URL, else memory).",
)
@click.option(
    "--user",
    callback=_valid,
    default=None,
    help="Whose conversation to run or resume (default: your login).",
)
def chat(redis_url: str | None, user: str | None) -> None:
    """The guided conversation in this terminal."""
    overrides: dict[str, Any] = {"redis_url": redis_url} if redis_url else {}
    settings = _settings(**overrides)
    who = user or _login()
    _terminal_logging()
    import asyncio

    sys.exit(asyncio.run(_chat(settings, who)))


class _OneLineFormatter(logging.Formatter):
    """``advisor: warning: <message> (<error>)`` on one line: a terminal user gets the gist,
    not a stack (the turn boundary has already answered them politely)."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None:
            message += f" ({type(exc).__name__}: {exc})"
        return one_line(f"advisor: {record.levelname.lower()}: {message}")[:500]


def _terminal_logging() -> None:
    """Warnings and errors of ``chat`` as one line each on stderr (no tracebacks)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


async def _chat(settings: Settings, user: str) -> int:
    from bot.console import chat as run_chat
    from bot.store.base import StoreUnavailable
    from bot.store.factory import open_store_from
    from bot.turns import TurnRunner

    try:
        store = await open_store_from(settings)
    except StoreUnavailable as exc:
        _fail(f"cannot reach Redis ({exc}); check --redis-url / REDIS_URL")
    if settings.redis_url is None:
        click.echo(
            "(sessions are kept in memory; set REDIS_URL or --redis-url to keep them)", err=True
        )
    try:
        runner = TurnRunner(store=store, settings=settings)  # the engine and KB at the first turn
        collect_garbage()  # the conversation may last: start-up is over
        return await run_chat(runner, user=user)
    except StoreUnavailable as exc:  # the resume lookup, before any turn: nothing to answer
        _fail(f"lost Redis ({exc}); check --redis-url / REDIS_URL")
    finally:
        await store.close()


# --- serve ------------------------------------------------------------------------------------


@cli.command()
@click.option("--host", default=None, help="Interface to bind (default ADVISOR_HOST or 127.0.0.1).")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port (default ADVISOR_PORT or 3978).",
)
def serve(host: str | None, port: int | None) -> None:
    """The HTTP server: Slack, Teams, health, readiness and metrics."""
    collect_garbage()
    overrides: dict[str, Any] = {}
    if host:
        overrides["advisor_host"] = host
    if port:
        overrides["advisor_port"] = port
    settings = _settings(**overrides)
    from bot.server import run
    from bot.settings import SettingsError

    try:
        run(settings)
    except SettingsError as exc:
        _fail("invalid settings: " + "; ".join(exc.problems), EXIT_BAD_INPUT)
    except OSError as exc:
        _fail(
            f"cannot serve on {settings.advisor_host}:{settings.advisor_port}: {exc.strerror or exc}"
        )


# --- kb ---------------------------------------------------------------------------------------


@cli.group()
def kb() -> None:
    """Knowledge-base tools."""


@kb.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Check another passages folder instead of the shipped one.",
)
def kb_check(directory: Path | None) -> None:
    """Validate the knowledge base; lists every problem."""
    collect_garbage()
    from knowledge import check_kb

    if directory is not None and not directory.is_dir():
        raise BadInput(f"--dir {directory} is not a folder")
    problems = check_kb(directory)
    if problems:
        for p in problems:
            click.echo(p, err=True)
        _fail(f"{len(problems)} problem(s) in the knowledge base", EXIT_FAILURE)
    click.echo("knowledge base OK")


@kb.command("report")
@click.option(
    "--since",
    "since_days",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="Days of feedback to include.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--redis-url", default=None, help="Redis holding the feedback (default REDIS_URL).")
def kb_report(since_days: int, as_json: bool, redis_url: str | None) -> None:
    """Feedback and unanswered questions, for the knowledge base's curators."""
    collect_garbage()
    overrides = {"redis_url": redis_url} if redis_url else {}
    settings = _settings(**overrides)
    import asyncio

    report = asyncio.run(_report(settings, since_days))
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    from bot.feedback.report import report_lines

    click.echo("\n".join(one_line(line) for line in report_lines(report)))


async def _report(settings: Settings, since_days: int) -> Any:
    import time

    from bot.feedback.base import FeedbackUnavailable
    from bot.feedback.factory import feedback_for
    from bot.feedback.report import build_report
    from bot.store.base import StoreUnavailable
    from bot.store.factory import open_store_from
    from knowledge import load_default

    if settings.redis_url is None:
        click.echo("(no REDIS_URL: feedback lives in Redis; an in-memory server keeps it only "
                   "in its own process, so this report is empty)", err=True)
    try:
        store = await open_store_from(settings)
    except StoreUnavailable as exc:
        _fail(f"cannot reach Redis ({exc}); check --redis-url / REDIS_URL")
    try:
        entries = await feedback_for(store, settings).since(time.time() - since_days * 86400)
    except FeedbackUnavailable as exc:
        _fail(f"cannot read feedback from Redis ({exc})")
    finally:
        await store.close()
    return build_report(entries, load_default(), since_days=since_days,
                        questions_kept=settings.advisor_feedback_keep_questions)


# --- teams-package ------------------------------------------------------------------------------


@cli.command("teams-package")
@click.option("--app-id", callback=_valid, required=True, help="The bot's Microsoft app id (a GUID).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("engagement-advisor-teams.zip"),
    show_default=True,
)
@click.option("--name", callback=_valid, default=None, help="The app's short name in Teams (up to 30 characters).")
@click.option("--developer", callback=_valid, default=None, help="The publisher's name (up to 32 characters).")
@click.option("--website-url", callback=_valid, default=None, help="The publisher's website (https).")
@click.option("--privacy-url", callback=_valid, default=None, help="The privacy statement (https).")
@click.option("--terms-url", callback=_valid, default=None, help="The terms of use (https).")
def teams_package(
    app_id: str,
    out: Path,
    name: str | None,
    developer: str | None,
    website_url: str | None,
    privacy_url: str | None,
    terms_url: str | None,
) -> None:
    """Write the Teams app package (zip) for upload.

    With ADVISOR_ENV=production every URL must be given; otherwise the shipped placeholders
    (https://YOUR-HOST/...) are kept, with a warning.
    """
    collect_garbage()
    from bot.teams.package import Publisher, build_package, manifest_for, placeholders

    publisher = Publisher(
        name=name,
        developer=developer,
        website_url=website_url,
        privacy_url=privacy_url,
        terms_url=terms_url,
        production=_settings().advisor_env == "production",
    )
    try:
        left = placeholders(manifest_for(app_id, publisher))
        path = build_package(app_id, out, publisher)
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror or exc}")
    if left:
        click.echo(
            f"advisor: warning: {', '.join(left)} still the placeholder https://YOUR-HOST/; "
            "pass --website-url, --privacy-url and --terms-url before publishing",
            err=True,
        )
    click.echo(str(path))


# --- entry point ------------------------------------------------------------------------------


def _forgiving_streams() -> None:
    """Anything still unprintable on this terminal (or pipe) is replaced, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> None:
    _forgiving_streams()
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="advisor",
            standalone_mode=False,
        )
    except click.exceptions.NoArgsIsHelpError as exc:
        group = exc.ctx.command if exc.ctx else cli
        names = sorted(group.commands) if isinstance(group, click.Group) else []
        path = exc.ctx.command_path if exc.ctx else "advisor"
        _fail(f"missing command; one of: {', '.join(names)} (see '{path} --help')", EXIT_BAD_INPUT)
    except click.UsageError as exc:
        message = exc.format_message()
        if exc.ctx is not None and not isinstance(exc, BadInput):
            message += f" (see '{exc.ctx.command_path} --help')"
        _fail(message, EXIT_BAD_INPUT)
    except click.Abort:
        _fail("aborted", 130)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


def run() -> None:
    """The ``advisor`` program (pyproject's entry point): ``main`` with the garbage collector
    off. Start-up allocates some 100,000 objects that live as long as the process (classes,
    validators, compiled rules) and next to no cyclic garbage, yet the collector would walk
    them some 80 times while a one-shot command starts, and once more in full at exit: about a
    tenth of ``advisor assess --text``'s run (docs/performance.md, "Start-up"). One-shot
    commands (``ask``, ``assess``, ``scenario``) finish with it off; the others turn it back on
    (``collect_garbage``)."""
    gc.disable()
    main()


if __name__ == "__main__":
    run()
