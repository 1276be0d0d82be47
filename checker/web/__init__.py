"""`checker serve`: a small local web application where a learner checks a draft.

Built on FastAPI (Starlette) and served by uvicorn: the optional `web` extra. Nothing here is imported
by the rest of checker, and `checker.web.commands` imports none of the web libraries until the command
runs, so the command line works without the extra.
"""
