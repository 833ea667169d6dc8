"""The one list of the dashboard's own words: the keys of ``data/ui.yaml``, in reading order.

Three things follow from this list, so a word cannot be added, dropped or left unused in one
place only:

- ``data/schema/ui.schema.json`` requires exactly these keys and allows no other
  (tests/test_words.py checks that the schema matches the list);
- tests/test_words.py shows every view, notice and page with each word replaced by a marker,
  and finds every key's marker on screen;
- the readability check and the content report (:mod:`explainer.readability`) grade the words
  in this order, the order a visitor meets them.

A second language is a second ``ui.yaml`` that the same schema checks.
"""

from __future__ import annotations

__all__ = ["FIRST_VIEW", "UI_KEYS"]

#: The page as it opens: what it says while it loads, the header, the navigation, and the
#: questions' heading. The questions themselves (data/criteria.yaml) come next.
FIRST_VIEW = (
    "loading",
    "needs_javascript",
    "first_paint_link",
    "title",
    "intro",
    "not_advice",
    "present_link",
    "language_switch",
    "language_switch_code",
    "nav_check",
    "nav_stories",
    "nav_sources",
    "questions_heading",
    "questions_hint",
    "help_summary",
)

#: Every key, in the order a visitor meets the words; the advice's own texts (data/rules.yaml,
#: data/steps.yaml) come after ``FIRST_VIEW``.
UI_KEYS = (
    *FIRST_VIEW,
    # the advice panel
    "advice_heading",
    "summary_heading",
    "cautions_heading",
    "level_heading",
    "next_level_heading",
    "marks_key",
    "marks_count",
    "reasons_heading",
    "no_reasons",
    "steps_heading",
    "steps_hint",
    "plan_step_heading",
    "third_heading",
    "weigh_heading",
    "weigh_intro",
    "plan_options_intro",
    "option_involves",
    "weigh_pros",
    "weigh_cons",
    "weigh_next_heading",
    "weigh_next_intro",
    "asking_heading",
    "helplines_heading",
    "source_summary",
    "sources_summary",
    "quote_lead",
    "quote_translation",
    "summary_lead",
    "read_source",
    "spanish_page_lead",
    "new_tab",
    # under the questions
    "start_over",
    "share_heading",
    "share_hint",
    "copy_link",
    "share_link",
    "link_copied",
    "print_link",
    # a code for phones (explainer/qr.py): the self-check's and the presenter's
    "room_toggle",
    "room_hint",
    "room_code_label",
    "room_address",
    "room_local",
    # "Patient stories"
    "stories_heading",
    "stories_intro",
    "stories_howto_lead",
    "stories_howto",
    "load_story",
    "loaded_story",
    "story_third_heading",
    "story_col_story",
    "story_col_situation",
    "story_col_outcome",
    "story_col_changes",
    "no_change",
    # "Sources and about"
    "sources_heading",
    "sources_intro",
    "reviewed_on",
    "about_heading",
    "privacy",
    # the printable plan
    "handout_title",
    "handout_date",
    "plan_page",
    "matters_heading",
    "matters_hint",
    "plan_matters_intro",
    "plan_write_who",
    "plan_write_phone",
    "plan_write_date",
    "plan_answer",
    "plan_row_involves",
    "plan_notes_heading",
    "plan_sources_intro",
    "plan_sources_where",
    "plan_archived",
    "plan_privacy",
    "questions_to_ask",
    "records_to_bring",
    "print_plan",
    "download_pdf",
    "pdf_ready",
    "save_pdf",
    "pdf_file_name",
    # the presenter view
    "presenter_title",
    "presenter_count",
    "presenter_route",
    "presenter_guess",
    "presenter_prev",
    "presenter_next",
    "presenter_reveal",
    "presenter_hide",
    "presenter_answers",
    "room_heading",
    "room_opens",
    "room_opens_blank",
    "room_opens_story",
    "group_heading",
    "group_explain",
    "group_size",
    "group_button",
    "group_asking",
    "group_warming",
    "group_ready",
    "group_limited",
    "group_full",
    "group_failed",
    "back_link",
    # calm notices
    "calm_error",
    "link_ignored",
    "bad_answer",
    "page_error",
    # a lost connection (static/connection.js, with the words from explainer/page.py)
    "connection_lost",
    "reload_with_answers",
    "advice_out_of_date",
    "advice_updating",
    # the page's language (for browsers and screen readers), the browser tab, and the server's
    # own pages (explainer/server_pages.py)
    "language",
    "page_title",
    "not_found_title",
    "not_found_heading",
    "not_found_text",
    "unavailable_title",
    "unavailable_heading",
    "unavailable_text",
    "fault_title",
    "fault_heading",
    "fault_text",
    "open_explainer",
    "busy_title",
    "busy_heading",
    "busy_text",
    "busy_back",
)
