/* model_mode: the modes and the table that gives each key to the one on
 * top (see include/kanbao/reader/model_mode.h). */
#include "kanbao/reader/model.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/width.h"

/* ---- the modes over the pane ------------------------------------------*/

/* The mode of the pane with the focus. */
static enum mode pane_mode(const struct model *m)
{
	return m->focus == PANE_BODY ? MODE_ARTICLE : MODE_LIST;
}

enum mode model_mode(const struct model *m)
{
	return m->nmodes ? m->modes[m->nmodes - 1] : pane_mode(m);
}

int model_showing(const struct model *m, enum mode md)
{
	for (size_t i = 0; i < m->nmodes; i++)
		if (m->modes[i] == md)
			return 1;
	return md == pane_mode(m);
}

void model_enter(struct model *m, enum mode md)
{
	if (!model_showing(m, md) && m->nmodes < MODEL_MODES)
		m->modes[m->nmodes++] = md;
}

void model_leave(struct model *m, enum mode md)
{
	for (size_t i = 0; i < m->nmodes; i++)
		if (m->modes[i] == md) {
			m->nmodes = i;
			return;
		}
}

/* ---- the list and the article -----------------------------------------*/

/* The lines or articles a moving key moves by (`page` rows to a page),
 * 0 for any other action. */
static long step_of(enum action a, long page)
{
	long half = page / 2 ? page / 2 : 1;
	switch (a) {
	case ACT_LINE_DOWN: return 1;
	case ACT_LINE_UP: return -1;
	case ACT_PAGE_DOWN: return page;
	case ACT_PAGE_UP: return -page;
	case ACT_HALF_DOWN: return half;
	case ACT_HALF_UP: return -half;
	default: return 0;
	}
}

/* The filter in effect is the filter bar's text now. */
static void filter_from_bar(struct model *m)
{
	free(m->filter.text);
	m->filter.text = prompt_text(&m->filter.edit, &m->filter.len);
	if (m->filter.text && !m->filter.len) {
		free(m->filter.text);
		m->filter.text = NULL;
	}
	m->list_gen++;
	model_relist(m);
}

/* f in the list: the filter bar, with the filter in effect to edit. */
static void open_filter(struct model *m)
{
	if (m->filter.text)
		prompt_set(&m->filter.edit, m->filter.text, m->filter.len);
	else
		prompt_clear(&m->filter.edit);
	m->focus = PANE_LIST;
	model_enter(m, MODE_FILTER);
}

/* The list has the focus: the moving keys select articles. */
static int list_key(struct model *m, struct mode_key *in)
{
	long by = step_of(in->a, (long)in->page);
	if (by) {
		model_select(m, by);
		return 1;
	}
	switch (in->a) {
	case ACT_TOP:
	case ACT_BOTTOM:
		model_select(m, in->a == ACT_TOP ? -(long)m->n : (long)m->n);
		return 1;
	case ACT_OPEN:
		if (m->n) {
			if (!m->body.open || m->body.article != m->sel)
				model_open(m, m->sel);
			m->focus = PANE_BODY;
		}
		return 1;
	case ACT_UNREAD:
		model_marks_toggle_read(m);
		return 1;
	case ACT_FILTER:
		open_filter(m);
		return 1;
	default:
		return 0;
	}
}

/* The article has the focus: the moving keys scroll it; a page key that
 * shows its end says so (MODE_END), and one more reads the next. */
static int article_key(struct model *m, struct mode_key *in)
{
	long by = step_of(in->a, (long)in->page);
	if (by) {
		if (m->body.open)
			model_scroll(m, by);
		if (in->a == ACT_PAGE_DOWN && model_at_end(m))
			model_enter(m, MODE_END);
		return 1;
	}
	switch (in->a) {
	case ACT_TOP:
		model_show(m, 0, 0, 0);
		return 1;
	case ACT_BOTTOM:
		model_scroll_end(m);
		return 1;
	default:
		return 0;
	}
}

/* The wheel: the pane under the pointer when both are shown, else the
 * one with the focus; the focus stays. */
static void wheel(struct model *m, struct mode_key *in)
{
	struct geometry g;
	model_geometry(m, &g);
	enum pane under = m->focus;
	if (g.split)
		under = in->k.col < g.list_w ? PANE_LIST : PANE_BODY;
	if (under == PANE_LIST)
		model_select(m, model_wheel(in->a));
	else if (m->body.open)
		model_scroll(m, model_wheel(in->a));
}

/* A click: in the list, the row under the pointer selected and the list
 * given the focus (a double click opens the article); beside the list, a
 * click in the body gives it the focus.  Elsewhere (the article alone,
 * the status and message rows) nothing. */
static void click(struct model *m, struct mode_key *in)
{
	struct geometry g;
	model_geometry(m, &g);
	int row = in->k.row, col = in->k.col;
	if (g.too_small || row < 0 || row >= g.rows)
		return;
	if (g.list_w && col >= g.list_x && col < g.list_x + g.list_w) {
		size_t r = m->list_top + (size_t)row;
		if (r >= model_list_rows(m))
			return;
		m->focus = PANE_LIST;
		m->sel = model_list_at(m, r);
		model_keep_visible(m);
		if (g.split)
			model_open(m, m->sel); /* the body follows */
		if (in->a == ACT_DOUBLE_CLICK) {
			model_open(m, m->sel);
			m->focus = PANE_BODY;
		}
	} else if (g.split && col > g.list_w && m->body.open) {
		m->focus = PANE_BODY;
	}
}

/* Tab: the list or the article: the one selected in the list (where it
 * was left when it is the one open). */
static void switch_pane(struct model *m)
{
	if (m->focus == PANE_BODY) {
		m->focus = PANE_LIST;
	} else if (m->n) {
		if (!m->body.open || m->body.article != m->sel)
			model_open(m, m->sel);
		m->focus = PANE_BODY;
	}
	model_keep_visible(m);
}

/* o, r, w: the sort, the reading ruler, the text column's width; 0 for
 * any other action. */
static int toggle(struct model *m, enum action a)
{
	if (a == ACT_SORT) {
		m->sort = m->sort == LIST_DATE ? LIST_CORPUS : LIST_DATE;
		m->list_gen++;
		model_relist(m);
		model_say(m, 0, m->sort == LIST_DATE
					? "Sorted by date, newest first"
					: "In corpus order");
	} else if (a == ACT_RULER) {
		m->ruler = !m->ruler;
		model_say(m, 0, m->ruler ? "Reading ruler on: the paragraph at "
					   "the top stays bright (r: off)"
					 : "Reading ruler off");
	} else if (a == ACT_MEASURE) {
		m->cap = !m->cap; /* laid out again after the key */
		model_say(m, 0, m->cap ? "Text column 40 Han wide"
				       : "Text column as wide as the pane");
	} else {
		return 0;
	}
	return 1;
}

static int goto_key(struct model *m, struct mode_key *in);

/* What the list and the article share: every mode but the bars and the
 * full-screen lists is opened from here. */
static int read_key(struct model *m, struct mode_key *in)
{
	switch (in->a) {
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		wheel(m, in);
		break;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		click(m, in);
		break;
	case ACT_BACK:
		m->focus = PANE_LIST;
		model_keep_visible(m);
		break;
	case ACT_SWITCH:
		switch_pane(m);
		break;
	case ACT_NEXT_ARTICLE:
	case ACT_PREV_ARTICLE:
		model_next_article(m, in->a == ACT_NEXT_ARTICLE ? 1 : -1);
		break;
	case ACT_DIGIT:
		model_enter(m, MODE_GOTO);
		return goto_key(m, in);
	case ACT_SEARCH:
	case ACT_SEARCH_BACK:
		model_search_open(m, in->a == ACT_SEARCH_BACK);
		break;
	case ACT_NEXT_HIT:
	case ACT_PREV_HIT:
		model_search_next(m, in->a == ACT_PREV_HIT);
		break;
	case ACT_NARROW:
		model_search_narrow(m);
		break;
	case ACT_CLEAR:
		model_search_clear(m);
		break;
	case ACT_NEXT_UNREAD:
		model_next_unread(m);
		break;
	case ACT_MARK_ALL:
		if (model_unread_listed(m))
			model_enter(m, MODE_MARK_ALL);
		else
			model_say(m, 0, "Every article listed is read");
		break;
	case ACT_RESULTS:
		if (!model_search_show_results(m))
			model_say(m, 1, "No hits to show: type / and a query");
		break;
	case ACT_HELP:
		m->help = (struct panel){ 0, 0 };
		model_enter(m, MODE_HELP);
		break;
	case ACT_MARK:
		model_marks_toggle(m);
		break;
	case ACT_MARKS:
		model_marks_open(m);
		break;
	case ACT_COPY:
		in->todo |= model_copy(m) ? MODEL_DO_COPY : 0;
		break;
	case ACT_QUIT:
		in->todo |= MODEL_DO_QUIT;
		break;
	default:
		return toggle(m, in->a);
	}
	return 1;
}

int model_program_action(enum action a)
{
	return a == ACT_SUSPEND || a == ACT_REDRAW;
}

/* The program's keys, which reach it from every mode. */
static int program_key(struct model *m, struct mode_key *in)
{
	(void)m;
	if (in->a == ACT_SUSPEND)
		in->todo |= MODEL_DO_SUSPEND;
	else if (in->a == ACT_REDRAW)
		in->todo |= MODEL_DO_REDRAW;
	return 1;
}

/* ---- the go-to prompt, the filter bar, the help -----------------------*/

/* The article ID typed dropped, its prompt closed. */
static void drop_digits(struct model *m)
{
	m->ndigits = 0;
	m->digits[0] = '\0';
	model_leave(m, MODE_GOTO);
}

/* Enter after an ID: that article, read. */
static void go_to_typed(struct model *m)
{
	char *end;
	unsigned long id = strtoul(m->digits, &end, 10);
	drop_digits(m);
	if (id < 1 || id > m->n) {
		model_say(m, 1, "No article %lu: the corpus has 1 to %zu", id,
			  m->n);
		return;
	}
	model_open(m, id - 1);
	model_keep_visible(m);
	m->focus = PANE_BODY;
}

/* Digits typed: more digits, Backspace erases the last one, Enter goes
 * there, Esc drops them; any other key drops them too and is the pane's,
 * but the wheel and the program's keys leave them. */
static int goto_key(struct model *m, struct mode_key *in)
{
	switch (in->a) {
	case ACT_DIGIT:
		if (m->ndigits + 1 < sizeof m->digits) {
			m->digits[m->ndigits++] = (char)in->k.code;
			m->digits[m->ndigits] = '\0';
		}
		return 1;
	case ACT_ERASE:
		if (m->ndigits > 1)
			m->digits[--m->ndigits] = '\0';
		else
			drop_digits(m); /* none left: no prompt */
		return 1;
	case ACT_OPEN:
		go_to_typed(m);
		return 1;
	case ACT_BACK:
		drop_digits(m);
		model_keep_visible(m);
		return 1;
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		return 0;
	default:
		if (!model_program_action(in->a))
			drop_digits(m);
		return 0;
	}
}

/* Keys in the filter bar: the list follows as you type; Enter keeps the
 * filter, Esc clears it; the wheel moves the list. */
static int filter_key(struct model *m, struct mode_key *in)
{
	if (model_wheel(in->a))
		return 0;
	enum prompt_result edited = prompt_key(&m->filter.edit, in->k.code);
	if (edited == PROMPT_CHANGED) {
		filter_from_bar(m);
		if (!model_list_rows(m))
			model_say(m, 1, "No article matches");
	}
	if (edited != PROMPT_IGNORED)
		return 1;
	if (model_program_action(in->a))
		return 0;
	if (in->a == ACT_OPEN) {
		model_leave(m, MODE_FILTER);
		prompt_commit(&m->filter.edit);
		if (m->filter.text)
			model_say(m, 0, "%zu of %zu article%s listed (f, then "
					"Esc: all)", model_list_rows(m), m->n,
				  m->n == 1 ? "" : "s");
	} else if (in->a == ACT_BACK) {
		model_leave(m, MODE_FILTER);
		prompt_clear(&m->filter.edit);
		filter_from_bar(m);
		model_say(m, 0, "Listing all %zu article%s",
			  model_list_rows(m),
			  model_list_rows(m) == 1 ? "" : "s");
	}
	return 1;
}

/* The help: where it does not fit, a pager: the moving keys and the
 * wheel scroll it, at its ends too, without closing it; g and G go to its
 * ends.  The program's keys pass on; any other key closes it and does
 * nothing else (Esc, q, F1 among them); where it fits, any key but the
 * wheel does. */
static int help_key(struct model *m, struct mode_key *in)
{
	if (model_program_action(in->a))
		return 0;
	struct help_box box;
	model_help_layout(m, &box);
	size_t rows = (size_t)box.h - 2;
	long by = model_wheel(in->a), all = (long)box.n;
	if (by) {
		panel_scroll(&m->help, box.n, rows, by);
		return 1;
	}
	switch (in->a) {
	case ACT_TOP: by = -all; break;
	case ACT_BOTTOM: by = all; break;
	default: by = step_of(in->a, (long)rows); break;
	}
	if (by && box.n > rows)
		panel_scroll(&m->help, box.n, rows, by);
	else
		model_leave(m, MODE_HELP);
	return 1;
}

/* The end of the article shown: a page key reads the next one; the
 * program's keys leave the end as it is; any other key is the
 * article's. */
static int end_key(struct model *m, struct mode_key *in)
{
	if (model_program_action(in->a))
		return 0;
	model_leave(m, MODE_END);
	if (in->a != ACT_PAGE_DOWN)
		return 0;
	model_next_article(m, 1);
	return 1;
}

/* What the message row says at the end of the article. */
static void end_say(struct model *m)
{
	if (model_list_step(m, m->sel, 1) == LIST_NONE)
		model_say(m, 0, "(END) This is the last article");
	else
		model_say(m, 0, "(END) Space: the next article");
}

/* Asked whether to mark every article listed read: y does, any other key
 * (but the program's) does not, and does nothing else. */
static int mark_all_key(struct model *m, struct mode_key *in)
{
	if (model_program_action(in->a))
		return 0;
	model_leave(m, MODE_MARK_ALL);
	if (in->a == ACT_YES)
		model_mark_listed_read(m);
	else
		model_say(m, 0, "Nothing marked");
	return 1;
}

static void mark_all_say(struct model *m)
{
	size_t unread = model_unread_listed(m);
	model_say(m, 0, "Mark the %zu unread article%s listed read? y: yes, "
			"any other key: no", unread, unread == 1 ? "" : "s");
}

/* Keys wider than this get a line of their own above their text, so the
 * column of texts stays near the keys of most actions. */
enum { HELP_KEYS_MAX = 18 };

/* Narrower than this, the column of texts would hold a word or two a
 * line: every text goes below its keys, indented, the whole width. */
enum { HELP_TEXT_MIN = 16 };

/* A line of the help, when there is room for it. */
static void help_add(struct help_box *box, struct help_line l)
{
	if (box->n < MODEL_HELP_MAX)
		box->line[box->n++] = l;
}

void model_help_layout(const struct model *m, struct help_box *box)
{
	int keys_w = 0, help_w = 0;
	memset(box, 0, sizeof *box);
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *k = keys_help_keys((enum action)a);
		const char *h = keys_help_text((enum action)a);
		int kw = (int)width_str(k, strlen(k));
		int hw = (int)width_str(h, strlen(h));
		if (kw <= HELP_KEYS_MAX)
			keys_w = kw > keys_w ? kw : keys_w;
		help_w = hw > help_w ? hw : help_w;
	}
	/* a frame, a space each side, two spaces between keys and text */
	box->w = keys_w + help_w + 6;
	if (box->w > m->w)
		box->w = m->w;
	int inner = box->w - 4;
	/* One column for every text: beside the keys where there is room
	 * (the text wrapped in it, long keys on a line of their own), else
	 * below them. */
	int col = keys_w + 2;
	if (inner - col < HELP_TEXT_MIN)
		col = 2;
	size_t width = inner - col > 1 ? (size_t)(inner - col) : 1;
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *h = keys_help_text((enum action)a);
		const char *k = keys_help_keys((enum action)a);
		int kw = (int)width_str(k, strlen(k));
		struct wrap_line *wl;
		long nl = wrap_words(h, strlen(h), width, 0, &wl);
		int beside = col > 2 && kw <= keys_w;
		if (!beside)
			help_add(box, (struct help_line){ a, 1, 0, 0, 0 });
		for (long i = 0; i < nl; i++)
			help_add(box, (struct help_line){
				a, beside && i == 0, wl[i].start, wl[i].len,
				col });
		free(nl >= 0 ? wl : NULL);
	}
	/* the box stays off the last row: the terminal's bottom-right cell
	 * is never written (term.c), and its corner would be lost there */
	size_t room = m->h > 4 ? (size_t)m->h - 3 : 1;
	box->h = (int)(box->n < room ? box->n : room) + 2;
}

size_t model_help_rows(const struct model *m)
{
	struct help_box box;
	model_help_layout(m, &box);
	return (size_t)box.h - 2;
}

size_t model_page(const struct model *m)
{
	struct geometry g;
	model_geometry(m, &g);
	return g.rows > 1 ? (size_t)g.rows : 1;
}

/* ---- the table --------------------------------------------------------*/

enum {
	NO_PARENT = MODE_COUNT, /* the key goes nowhere further */
	PANE = MODE_COUNT + 1, /* the pane with the focus (list or article) */
};

/* Each mode: where its keys are read (over the pane's, keys.h), who
 * takes them, and where those it does not take go.  The bars and the
 * go-to prompt pass the wheel to the pane; the full-screen lists and the
 * help take every key but the program's; every chain ends at the
 * program's keys.  A mode that waits for a key says so on the message
 * row while it is on top. */
static const struct {
	unsigned where; /* enum keys_where bits */
	mode_key_fn *key;
	int parent; /* an enum mode, NO_PARENT or PANE */
	void (*say)(struct model *m); /* the message while on top, or NULL */
} modes[MODE_COUNT] = {
	[MODE_LIST] = { KEYS_LIST, list_key, MODE_READ, NULL },
	[MODE_ARTICLE] = { KEYS_ARTICLE, article_key, MODE_READ, NULL },
	[MODE_READ] = { 0, read_key, MODE_PROGRAM, NULL },
	[MODE_PROGRAM] = { 0, program_key, NO_PARENT, NULL },
	[MODE_GOTO] = { 0, goto_key, PANE, NULL },
	[MODE_SEARCH] = { KEYS_BAR, model_search_bar_key, PANE, NULL },
	[MODE_RESULTS] = { KEYS_RESULTS, model_search_results_key,
			   MODE_PROGRAM, NULL },
	[MODE_FILTER] = { KEYS_BAR, filter_key, PANE, NULL },
	[MODE_MARKS] = { KEYS_MARKS, model_marks_key, MODE_PROGRAM, NULL },
	[MODE_HELP] = { 0, help_key, MODE_PROGRAM, NULL },
	[MODE_END] = { 0, end_key, PANE, end_say },
	[MODE_MARK_ALL] = { KEYS_QUESTION, mark_all_key, MODE_PROGRAM,
			    mark_all_say },
};

/* The key to the mode on top, and on to the parents of those that pass
 * it; what the program must do then. */
static unsigned dispatch(struct model *m, struct key k)
{
	enum mode md = model_mode(m);
	unsigned where = (m->focus == PANE_BODY ? KEYS_ARTICLE : KEYS_LIST) |
			 modes[md].where;
	struct mode_key in = { k, keys_action_in(k.code, where),
			       model_page(m), 0 };
	/* the hits awaited, if any, will not move a reader who moved on */
	model_search_moved_on(m, in.a);
	while (!modes[md].key(m, &in)) {
		int up = modes[md].parent;
		if (up == NO_PARENT)
			break;
		md = up == PANE ? pane_mode(m) : (enum mode)up;
	}
	return in.todo;
}

unsigned model_key(struct model *m, struct key k)
{
	unsigned todo = 0;
	m->msg[0] = '\0';
	m->msg_error = 0;
	if (k.code != KB_RESIZE) {
		todo = dispatch(m, k);
		/* the text column may be another (w), the list's rows too */
		model_resize(m, m->w, m->h);
	}
	model_settle(m);
	/* said again after a key it let by, or a resize */
	if (!m->msg[0] && modes[model_mode(m)].say)
		modes[model_mode(m)].say(m);
	return todo;
}
