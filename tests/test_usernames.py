"""One username rule (domain/accounts.py) for the admin's user form and `users create`."""

import pytest

from calendar_app.domain.accounts import username_problem
from tests.helpers import login, make_user, post_form

REFUSED = [
    ("a b", "Letters, digits and . _ @ - only."),
    ("walker!", "Letters, digits and . _ @ - only."),
    ("x" * 65, "At most 64 characters."),
]


def _web_form(app, client, username: str):
    make_user(app, "ada", "admin")
    login(client, "ada")
    data = {"username": username, "role": "viewer", "active": "y", "password": "long enough pw"}
    return post_form(client, "/manage/users/new", data)


def _command(runner, username: str):
    return runner.invoke(
        args=["users", "create", username, "--password-stdin"], input="long enough pw\n"
    )


@pytest.mark.parametrize(("username", "message"), REFUSED)
def test_the_form_and_the_command_refuse_the_same_names_alike(
    app, client, runner, username, message
):
    assert username_problem(username) == message
    page = _web_form(app, client, username)
    assert page.status_code == 422 and message in page.get_data(as_text=True)
    command = _command(runner, username)
    assert command.exit_code != 0 and message in command.output


@pytest.mark.parametrize("username", ["ivan.petrov@csto", "Иван_Петров", "ops-1"])
def test_the_form_and_the_command_accept_the_same_names(app, client, runner, username):
    assert username_problem(username) is None
    assert _command(runner, username).exit_code == 0
    assert _web_form(app, client, username + "2").status_code == 302


def test_an_empty_name_is_refused_by_both(app, client, runner):
    assert _command(runner, "  ").exit_code != 0
    assert _web_form(app, client, "  ").status_code == 422
