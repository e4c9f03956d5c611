"""Flask extensions, created once and initialised in :func:`portal.create_app`."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints so Alembic migrations are deterministic on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()


def enum_column(enum_cls, length: int = 30, **kwargs):
    """A column holding a :class:`enum.StrEnum` by its value, portable everywhere."""
    return db.Column(
        db.Enum(enum_cls, native_enum=False, length=length,
                values_callable=lambda e: [m.value for m in e]),
        **kwargs,
    )
