"""Pilots of set-ups and their KPI readings.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pilots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("template_id", sa.String(length=100), nullable=False),
        sa.Column("tool_id", sa.String(length=100), nullable=True),
        sa.Column("region_id", sa.String(length=100), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum(
                "implantation",
                "implementation",
                "use",
                name=op.f("ck_pilots_phase"),
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilots")),
    )
    op.create_table(
        "kpi_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.String(length=100), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name=op.f("fk_kpi_readings_pilot_id_pilots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_readings")),
        sa.UniqueConstraint(
            "pilot_id", "kpi_id", "read_on", name=op.f("uq_kpi_readings_pilot_id_kpi_id_read_on")
        ),
    )


def downgrade() -> None:
    op.drop_table("kpi_readings")
    op.drop_table("pilots")
