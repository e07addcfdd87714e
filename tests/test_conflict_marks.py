"""The month, week and day views mark double-booked events for editors, with an icon and
text (not colour alone); viewers' pages are unchanged."""

from tests.helpers import interaction_form, post_form


def test_editors_see_double_booked_exercises_marked_in_the_views(app, client, editor, ids):
    post_form(editor, "/events/new", interaction_form(ids))
    second = interaction_form(ids, title="Search-2023", start_date="2023-09-05", end_date="2023-09-09",
                              confirm_conflicts="y", conflict_reason="Planned so")  # fmt: skip
    assert post_form(editor, "/events/new", second).status_code == 302
    post_form(
        editor,
        "/events/new",
        interaction_form(
            ids, title="Later", start_date="2023-09-20", end_date="2023-09-21", force_ids=[]
        ),
    )
    month = editor.get("/calendar/2023/9").get_data(as_text=True)
    assert 'class="conflict-mark"' in month and ", double-booked," in month
    day = editor.get("/calendar/2023/9/20").get_data(as_text=True)
    assert "Later" in day and "double-booked" not in day  # a lone event is not marked
    assert "double-booked" in editor.get("/calendar/2023/9/5/week").get_data(as_text=True)
    plan = editor.get("/plan/2023").get_data(as_text=True)
    assert plan.count(", double-booked") >= 2
    legend = "Double-booked: shares a force, venue or official with an overlapping event"
    assert legend in plan  # the mark is explained where it is shown
    assert legend not in editor.get("/plan/2024").get_data(as_text=True)  # and only there
    anonymous = app.test_client().get("/calendar/2023/9").get_data(as_text=True)
    assert "Search-2023" in anonymous and "double-booked" not in anonymous
