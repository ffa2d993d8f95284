"""Alembic environment: runs on the connection handed in by workflow.cases.store.migrate."""

from alembic import context

from workflow.cases.store import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Online migrations on the caller's connection (rsi never runs offline SQL scripts)."""
    connection = config.attributes.get("connection")
    if connection is None:
        from workflow.cases.store import make_engine

        url = config.get_main_option("sqlalchemy.url")
        with make_engine(url).begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
