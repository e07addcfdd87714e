"""The approval form: when the plan was approved and under which decision."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..domain.text import CONTROL_SINGLE_LINE
from ..vocab import FIRST_YEAR, LAST_YEAR, MAX_LENGTHS


class ApprovalForm(FlaskForm):
    approved_on = DateField(
        _l("Approved on"),
        default=date.today,
        validators=[InputRequired(_l("Enter the date of the approval (YYYY-MM-DD)."))],
    )
    reference = StringField(
        _l("Decision (reference)"),
        filters=[lambda text: " ".join(text.split()) if text else text],
        validators=[
            DataRequired(_l("Enter the decision's reference, such as its number.")),
            Length(max=MAX_LENGTHS["plan_reference"]),
        ],
    )

    def validate_approved_on(self, field) -> None:
        if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            raise ValidationError(
                gettext(
                    "The year must be between %(first)s and %(last)s.",
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )

    def validate_reference(self, field) -> None:
        if CONTROL_SINGLE_LINE.search(field.data or ""):
            raise ValidationError(gettext("The reference contains control characters."))
