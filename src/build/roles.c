/* roles: what each piece of a raw page is (see include/kanbao/build/roles.h).
 *
 * Scores are log-odds, roughly: 0 is "as likely as not", -3 "about twenty
 * times less likely".  They were set by reading pages, not fitted to any
 * one file; tests/pages/ measures them on every layout. */
#include "kanbao/build/roles.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/build/cues.h"
#include "kanbao/build/dates.h"
#include "kanbao/base/punct.h"
#include "kanbao/build/interleave.h"
#include "kanbao/base/utf8.h"

/* A role the grammar or the features rule out. */
#define NEG (-1e9)

/* The grammar's states.  A role may have several: whether the article
 * opened with a dateline (news: one dateline an article, few section
 * heads, its end often unmarked) or not (features, commentary: the
 * dateline, if any, closes it), the first body paragraph apart from the
 * rest, a headline's second line, a byline's names broken over a line. */
enum state {
	S_K, /* kicker */
	S_H, /* headline */
	S_H2, /* its second line */
	S_S, /* subheadline */
	S_SRC, /* source line */
	S_DL, /* dateline alone */
	S_BP, /* byline before the body */
	S_NOTE, /* editor's note */
	S_NT, /* more of it */
	S_OD, /* first body paragraph, opening with a dateline */
	S_ON, /* first body paragraph, no dateline */
	S_LD, /* lead of an article without headline, with a dateline */
	S_LN, /* the same without one (a caption, a page's first text) */
	S_BD, /* body of an article that opened with a dateline */
	S_BN, /* body of one that did not */
	S_XD, /* section head in the first */
	S_XN, /* in the second */
	S_Y, /* byline after the body */
	S_NM, /* the rest of its names */
	S_CL, /* closing dateline */
	S_EM, /* end mark, or a signature's date */
	S_CR, /* photo credit */
	S_COL, /* a column's head before the body of its first item, where
		  headlines close their articles */
	S_DLN, /* a dateline alone right after a body, opening an item with
		  no headline (记者某某／台北报导), where lines are not wrapped
		  (in a column, a dateline alone follows its headline) */
	S_COUNT
};

static const enum role STATE_ROLE[S_COUNT] = {
	ROLE_KICKER, ROLE_HEAD, ROLE_HEAD, ROLE_SUBHEAD, ROLE_SOURCE,
	ROLE_DATELINE, ROLE_BYLINE_PRE, ROLE_NOTE, ROLE_NOTE_TEXT, ROLE_BODY,
	ROLE_BODY, ROLE_LEAD, ROLE_LEAD, ROLE_BODY, ROLE_BODY, ROLE_CROSS,
	ROLE_CROSS, ROLE_BYLINE, ROLE_BYLINE, ROLE_END, ROLE_END, ROLE_CREDIT,
	ROLE_KICKER, ROLE_DATELINE,
};

/* The role a state stands for. */
static enum role role_of(int s)
{
	return STATE_ROLE[s];
}

char roles_letter(enum role r)
{
	static const char letters[] = "KHSsDbNnLBXYEC";
	return r < ROLE_COUNT ? letters[r] : '?';
}

/* ---- features -----------------------------------------------------------*/

struct feat {
	size_t chars; /* characters other than spaces */
	size_t head_chars; /* of the headline it may be: all of it, or what
			      follows a dateline on its line */
	size_t han; /* Han characters */
	uint32_t last; /* the last character, closing quotes aside */
	int stop_end; /* it ends a sentence: 。！？… */
	int clause_end; /* it ends in ，、；： */
	int inner; /* a sentence ends inside it */
	int comma; /* a ， or ； inside it */
	int dash; /* it starts with —— */
	int paren; /* one parenthesis from start to end */
	int dateline; /* it opens with a dateline */
	int dateline_only; /* it is a dateline and nothing else */
	int opening_head; /* a dateline, then a headline on its line */
	int closing; /* it ends in a closing dateline, or is one */
	int closing_only; /* it is a closing dateline */
	int end_mark; /* （完）, or an author's note: （作者为…） */
	int date_only; /* a whole date and nothing else: a signature's date
			  (二○○○年十二月三十一日 under 中国人民银行) */
	int byline, credit, photo, caption, note, note_only;
	int photo_only; /* it is only the photo mark: （图片） */
	int doc_number; /* 〔2000〕第十二号: under a document's title */
	int names; /* names alone: 1, padded apart ("林　岚"): 2 */
	int column; /* short, right above a longer headline line: the head
		       of a column (经济快讯) or a kicker */
	int column_under; /* the same right under one: where headlines close
			     their articles, a column's head over its first
			     brief, after the headline of the item before */
	int numbered, kicker_end;
	int couplet; /* two phrases of a length, set apart ("欢声笑语辞旧岁
			万众一心迎新年"): the form of a kicker */
	int issue, issue_source; /* an issue line; of the source form */
	int shortish; /* short, no sentence end, no clause end */
	int quote_tail; /* a few characters closing the quote that the short
			   unit before it left open: a headline's end */
	int run; /* shortish units in a row, this one among them */
	int row; /* a row of a table: fields set apart, a number among them
		    ("上海　中雨　0℃～13℃") */
	int table; /* a row beside another row */
	int table_head; /* not a row, two rows among the next three units: a
			   table's title */
	int cut; /* the page may change right before it (unit.cut) */
	int next_dateline; /* the next unit of the chain opens with one */
	int over_plain; /* the next unit is plain_after_head, in a layout
			   that does not wrap headlines */
	int plain_after_head; /* right after a short unit, as long as it or
				 longer by a third at most, and not marked
				 as a subtitle is (no ——, no parentheses,
				 no document number): under a kicker, the
				 headline */
	double lead_share; /* how much more of its Han bigrams the body after
			      its group opens with than of the group's other
			      lines': a title says what its lead says, a
			      kicker or a subtitle less so */
	int in_news; /* the article before it opened with a dateline */
	int siblings; /* other short units of the chain set the same way
			 ("关怀，始终如一", "关爱，无处不在"): section heads */
	double topic; /* log of (similarity across it / the file's usual):
			 below 0 the text changes topic here; 0 unknown */
};

/* The longest line apart (a headline, a byline, a credit, a source
 * line) in characters: longer units are paragraphs. */
enum { LINE_CHARS = 64 };

/* A unit's characters and how its punctuation stands: how many
 * characters and Han, the last one, whether a sentence or a clause ends
 * it or one inside it, a leading dash, one parenthesis around it all.
 * These tell a sentence of body text from a line set apart. */
static void punctuation(const char *s, size_t n, struct feat *f)
{
	uint32_t first = 0, uc;
	for (size_t i = 0; i < n;) {
		i += utf8_next(s + i, n - i, &uc);
		if (!first)
			first = uc;
		if (uc == '\n' || utf8_is_space(uc))
			continue;
		f->chars++;
		f->han += utf8_is_han(uc);
	}
	f->last = punct_last(s, n, NULL);
	f->stop_end = punct_is_stop(f->last);
	f->clause_end = punct_is_clause(f->last);
	/* stops before the last sentence's end */
	size_t end = n;
	const char *p;
	while ((p = utf8_prev(s + end, s, &uc)) &&
	       (punct_is_closer(uc) || punct_is_stop(uc) ||
		utf8_is_space(uc) || uc == '\n'))
		end = (size_t)(p - s);
	for (size_t i = 0; i < end && !f->inner;) {
		i += utf8_next(s + i, end - i, &uc);
		f->inner = uc == 0x3002 || uc == 0xFF01 || uc == 0xFF1F;
		f->comma |= uc == 0xFF0C || uc == 0xFF1B;
	}
	f->dash = n >= 6 && !memcmp(s, "——", 6);
	f->paren = (first == 0xFF08 || first == '(') &&
		   (f->last == 0xFF09 || f->last == ')' ||
		    punct_ends_stop(s, n));
}

/* A unit's datelines: one that opens it (alone, or with a headline after
 * it on its line, whose characters are then the headline's) and one that
 * closes it.  A dateline opens an article; a closing one ends it. */
static void datelines(const char *s, size_t n, struct feat *f)
{
	uint32_t uc;
	struct opening op;
	if (cues_opening(s, n, &op)) {
		f->dateline = 1;
		f->dateline_only = op.rest >= n;
		f->opening_head = op.headline && !f->dateline_only;
	}
	f->head_chars = f->chars;
	if (f->opening_head) {
		f->head_chars = 0;
		for (size_t i = op.rest; i < op.head;) {
			i += utf8_next(s + i, op.head - i, &uc);
			f->head_chars += uc != '\n' && !utf8_is_space(uc);
		}
	}
	struct dateline dl;
	size_t at = cues_closing(s, n, &dl);
	if (at != (size_t)-1) {
		f->closing = 1;
		f->closing_only = at == 0;
	}
}

/* The marks of a line apart: a byline, names, a credit, a photo's title,
 * a document number, a numbered head, a kicker's ending, an issue line.
 * Only for units of a line's length: a paragraph is none of them, and
 * most units are paragraphs. */
static void line_marks(const char *s, size_t n, struct feat *f)
{
	if (f->chars > LINE_CHARS)
		return;
	struct cue_span in;
	f->byline = cues_byline(s, n, &in);
	f->names = f->byline ? 0 : cues_names(s, n);
	f->credit = cues_credit(s, n);
	f->photo = cues_photo_title(s, n);
	f->photo_only = f->photo && f->paren;
	f->doc_number = cues_doc_number(s, n);
	f->numbered = cues_numbered(s, n);
	f->kicker_end = cues_kicker_end(s, n);
	struct issue is;
	if (cues_issue(s, n, &is)) {
		f->issue = 1;
		f->issue_source = is.source;
	}
}

/* The whole text is one date with its year, month and day, spaces aside:
 * the date under a signature that closes a notice or a letter, never a
 * headline. */
static int date_only(const char *s, size_t n)
{
	size_t a = 0, b = n, len;
	uint32_t uc;
	while (a < b && (len = utf8_next(s + a, b - a, &uc)) &&
	       (utf8_is_space(uc) || uc == '\n'))
		a += len;
	const char *p;
	while ((p = utf8_prev(s + b, s + a, &uc)) &&
	       (utf8_is_space(uc) || uc == '\n'))
		b = (size_t)(p - s);
	struct date d;
	return a < b && dates_parse(s + a, b - a, &d) == b - a && d.year &&
	       d.day;
}

/* The features of a unit that its own text gives. */
static void features(const struct unit *u, struct feat *f)
{
	memset(f, 0, sizeof *f);
	const char *s = u->s;
	size_t n = u->len;
	punctuation(s, n, f);
	datelines(s, n, f);
	f->end_mark = cues_end_mark(s, n) || cues_author_note(s, n);
	f->date_only = date_only(s, n);
	f->caption = cues_caption(s, n);
	size_t nm = cues_note(s, n);
	f->note = nm > 0;
	f->note_only = nm == n;
	line_marks(s, n, f);
	/* A line that may be a headline: short, no sentence in it, no mark
	 * that makes it something else. */
	f->shortish = f->chars && f->chars <= 32 && !f->stop_end &&
		      !f->clause_end && !f->inner && !f->issue && !f->byline &&
		      !f->names && !f->closing && !f->credit && !f->note &&
		      !f->dateline && !f->date_only;
	f->couplet = cues_couplet(s, n);
	f->row = f->chars <= LINE_CHARS && cues_table_row(s, n);
}

/* ---- scores -------------------------------------------------------------*/

/* A narrow column: a PDF page's, 16 Han or fewer. */
enum { NARROW_COLS = 32 };

/* How many lines a headline may take: a long one wraps in three, in a
 * narrow column in four ("国务院印发《关于加 / 快推进政务服务标准 / 化规
 * 范化便利化的指 / 导意见》"); more is a paragraph. */
static size_t head_lines(const struct layout *lay)
{
	return lay->kind == LAYOUT_WRAPPED && lay->full <= NARROW_COLS ? 4
									: 3;
}

/* How much a unit looks like a line of a headline (or kicker, subhead,
 * section head): short, no sentence in it, set apart. */
static double headish(const struct feat *f, const struct unit *u,
		      size_t most)
{
	const struct layout *lay = u->lay;
	if (!f->chars || f->clause_end || f->head_chars > most ||
	    (u->nlines > head_lines(lay) && !f->opening_head) ||
	    f->last == 0x2014)
		return NEG; /* "…内生动力——" leads into what follows */
	if (f->dateline && !f->opening_head)
		return NEG;
	double s = 0;
	if (f->inner)
		s -= 4;
	if (f->last == 0x3002)
		s -= f->comma ? 8 : 5; /* 。; a sentence of clauses, more */
	else if (f->stop_end)
		s -= 1.5; /* ！ ？ … end some headlines */
	if (f->byline || f->credit || f->issue || f->caption || f->note ||
	    f->closing)
		s -= 4;
	if (f->names)
		s -= 1.5; /* two or three Han characters: a name, or a head */
	if (f->head_chars <= 3)
		s -= 0.5;
	if (f->head_chars > 30)
		s -= 0.2 * (double)(f->head_chars - 30);
	if (f->run >= 4 || f->table)
		s -= 3; /* a list, a poem, a table: text */
	if (lay->indents && u->indent > 0 && u->indent < 8)
		s -= 1.5; /* indented like a paragraph */
	if ((u->flags & INTERLEAVE_OPEN) && !f->next_dateline)
		s -= 2; /* broken off: a paragraph goes on elsewhere, unless
			   a dateline follows, opening another article */
	return s;
}

/* How much a unit looks like body text. */
static double bodyish(const struct feat *f, const struct unit *u)
{
	const struct layout *lay = u->lay;
	if (!f->chars)
		return NEG;
	double s = 0;
	if (f->stop_end)
		s += 2;
	else if (f->clause_end || f->last == 0x2014)
		s += 1;
	else if (f->paren && f->chars > 8)
		s += 1;
	else if (f->run >= 4 || f->table)
		s += 0; /* a line of a list, a poem, a table */
	else if ((f->chars >= 40 || (u->flags & INTERLEAVE_OPEN)) &&
		 !f->next_dateline)
		s += 0; /* cut by a column (not right before a dateline: that
			   opens another article, after a headline) */
	else
		s -= f->chars < 12 ? 3.5 : 2.5;
	if (f->inner)
		s += 1.5;
	if (f->chars >= 60)
		s += 1;
	if (lay->indents)
		s += u->indent > 0 && u->indent < 8 ? 1.5 : -0.5;
	if (f->byline || f->credit || f->issue || f->dateline_only ||
	    f->closing_only || f->photo || f->note || f->names)
		s -= 3;
	if (f->dateline)
		s -= 3; /* opens an article, not the middle of one */
	return s;
}

/* A headline's first line: headline-like, and more so where the text
 * after it shares its words, a dateline follows, or a dateline opens its
 * line; a line that looks like a section head (siblings set alike, the
 * topic going on across it) less so, and one in parentheses (an author's
 * note, （作者为…）; a subtitle's form) less so.  A photo's mark alone ends a
 * headline, it does not make one. */
static double head_score(const struct feat *f, const struct unit *u)
{
	double h = headish(f, u, 48);
	if (h <= NEG)
		return NEG;
	if (f->photo_only)
		return NEG; /* a headline's end, not one */
	return h + 2 * f->photo + 1.5 * f->next_dateline -
	       2 * f->paren + 1.5 * f->table_head +
	       3 * f->opening_head - 0.5 * f->numbered +
	       2 * f->lead_share -
	       0.5 * (f->siblings > 0) -
	       0.8 * (f->topic > 0 ? f->topic : 0) -
	       1.2 * (f->topic < 0 ? f->topic : 0);
}

/* A headline's second line.  Hard-wrapped columns wrap a long headline,
 * often leaving a word or two on its last line; a line per paragraph
 * does not wrap it, and a line apart from the one before (a blank line
 * between) is no wrap of it.  A document's number stands under its
 * title, not in it. */
static double head2_score(const struct feat *f, const struct unit *u)
{
	double h = headish(f, u, 48);
	if (h <= NEG)
		return NEG;
	if (f->doc_number)
		return NEG;
	return h - (f->photo_only ? -2 : f->dash || f->paren ? 3 : 0) +
	       1.5 * f->next_dateline + (f->head_chars <= 3 ? 0.5 : 0) +
	       4 * f->quote_tail -
	       (u->gap ? 2 : 0) -
	       (u->lay->kind == LAYOUT_WRAPPED ? 0 : 2.2);
}

/* A kicker: shorter than a headline, above one, never with a dateline on
 * its line; its marks are a kicker's ending, a couplet, a column's name.
 * A photo's title, or a line opening with a dash (a subheadline's form),
 * counts against it. */
/* What a plain line of its length under it adds to a kicker: on
 * tests/pages any weight from 1.5 to 3 gives the same roles (1 and less
 * none of the gain). */
static const double KICK_PLAIN = 2.0;

static double kicker_score(const struct feat *f, const struct unit *u)
{
	double h = headish(f, u, 40);
	if (h <= NEG || f->opening_head)
		return NEG;
	return h - 1 + 2.5 * f->kicker_end + 1.5 * f->couplet +
	       1.5 * f->column + 1.5 * f->next_dateline -
	       2 * f->photo - 3 * f->dash + KICK_PLAIN * f->over_plain;
}

/* A subheadline: longer than a headline may be, and a line in
 * parentheses or opening with a dash, or a document's number, is one even
 * where it does not look like a headline. */
static double subhead_score(const struct feat *f, const struct unit *u)
{
	double h = headish(f, u, 60);
	if (h <= NEG && !(f->paren && f->chars <= 60 && !f->issue))
		return NEG;
	if (h <= NEG)
		h = -1;
	return h - 1.5 + 4 * f->dash + 2.5 * f->paren +
	       4 * f->doc_number - 3 * f->opening_head -
	       1.5 * f->plain_after_head;
}

/* A section head: short, often numbered, set like its siblings, with
 * the topic going on across it; a head followed by a dateline opens the
 * next article instead. */
static double cross_score(const struct feat *f, const struct unit *u)
{
	double h = headish(f, u, 30);
	if (h <= NEG || f->opening_head)
		return NEG;
	return h - 0.5 + 3 * f->numbered - 3 * f->photo -
	       3 * f->next_dateline - 2 * f->dash +
	       1.5 * (f->siblings > 0) +
	       1.2 * (f->topic > 0 ? f->topic : 0) +
	       1.5 * (f->topic < 0 ? f->topic : 0);
}

/* The score of a unit in state `st`. */
static double emit(const struct feat *f, const struct unit *u, int st)
{
	double b;
	switch (st) {
	case S_H:
		return head_score(f, u);
	case S_H2:
		return head2_score(f, u);
	case S_K:
		return kicker_score(f, u);
	case S_COL:
		return f->column_under ? kicker_score(f, u) + 1.5 : NEG;
	case S_S:
		return subhead_score(f, u);
	case S_XD:
	case S_XN:
		return cross_score(f, u);
	case S_SRC:
		return f->issue_source ? 6 : f->issue ? 2 : NEG;
	case S_DL:
		return f->dateline_only ? 5 : NEG;
	case S_DLN:
		return f->dateline_only && u->lay->kind != LAYOUT_WRAPPED ? 5
									    : NEG;
	case S_BP:
		/* a name alone under a headline: a poem's, a column's; two
		 * characters could as well end a headline wrapped */
		if (f->byline)
			return 5;
		if (f->names == 2)
			return 2;
		return f->names ? 0.5 : NEG;
	case S_Y:
		return f->byline ? 5 : NEG;
	case S_NM:
		return f->names ? 1 : NEG;
	case S_CR:
		return f->credit ? 5 : NEG;
	case S_NOTE:
		return f->note ? 6 : NEG;
	case S_NT:
		return bodyish(f, u) - 0.5;
	case S_OD:
	case S_LD:
		if (!f->dateline || f->dateline_only || f->closing_only)
			return NEG;
		/* the dateline where it belongs: no penalty */
		b = bodyish(f, u) + 3;
		return st == S_LD ? b + 1 : b;
	case S_ON:
	case S_LN:
		if (f->dateline || f->closing_only)
			return NEG;
		b = bodyish(f, u);
		/* a photo's caption starts a photo item; a second photo's
		 * belongs to the one before */
		return st == S_LN ? b + (f->caption == 1 ? 3 : 0) : b;
	case S_BD:
	case S_BN:
		return bodyish(f, u);
	case S_CL:
		if (f->closing_only)
			return 6;
		return f->closing ? bodyish(f, u) + 4 : NEG;
	case S_EM:
		return f->end_mark || f->date_only ? bodyish(f, u) + 4 : NEG;
	}
	return NEG;
}

/* ---- the grammar --------------------------------------------------------*/

/* The transition table's row for the start of a chain. */
enum { START = S_COUNT };

/* The states of each kind of body, of the ends of an article, of the
 * headline group, and after which a new article may start (after a body
 * and its ends); each list ends in -1. */
static const int DBODY[] = { S_OD, S_LD, S_BD, -1 };
static const int NBODY[] = { S_ON, S_LN, S_BN, -1 };
static const int ENDS[] = { S_Y, S_NM, S_CL, S_EM, S_CR, -1 };
static const int HEADS[] = { S_H, S_H2, S_S, -1 };
static const int DONE[] = { S_OD, S_ON, S_LD, S_LN, S_BD, S_BN, S_Y,
			    S_NM, S_CL, S_EM, S_CR, START, -1 };

/* The body.  An article that opened with a dateline has no other and
 * seldom a section head; one that did not may close with one. */
static void grammar_body(double t[S_COUNT + 1][S_COUNT])
{
	for (const int *b = DBODY; *b >= 0; b++) {
		t[*b][S_BD] = 0;
		t[*b][S_XD] = -3;
		t[*b][S_CL] = -4;
		t[*b][S_LD] = -2; /* another dateline: another article */
		t[*b][S_DLN] = -2.5; /* the same, alone on its line */
	}
	for (const int *b = NBODY; *b >= 0; b++) {
		t[*b][S_BN] = 0;
		t[*b][S_XN] = -1.5;
		t[*b][S_CL] = 0;
		t[*b][S_LD] = -3;
		t[*b][S_DLN] = -3.5;
	}
	for (int k = 0; k < 2; k++) {
		const int *set = k ? NBODY : DBODY;
		for (const int *b = set; *b >= 0; b++) {
			t[*b][S_Y] = 0;
			t[*b][S_EM] = 0;
			t[*b][S_CR] = -1;
			t[*b][S_LN] = -4;
		}
	}
	t[S_XD][S_BD] = 0;
	t[S_XN][S_BN] = 0;
	t[S_DLN][S_BD] = 0;
}

/* How an article ends: bylines, a closing dateline, an end mark, a
 * credit, in some order; then the next article, or more of a photo
 * item. */
static void grammar_ends(double t[S_COUNT + 1][S_COUNT])
{
	t[S_Y][S_NM] = 0;
	t[S_Y][S_Y] = -0.3;
	t[S_NM][S_NM] = -0.5;
	for (const int *e = ENDS; *e >= 0; e++) {
		t[*e][S_CL] = *e == S_CL ? -1 : 0;
		t[*e][S_EM] = 0;
		t[*e][S_CR] = -1;
		t[*e][S_LD] = -0.5;
		t[*e][S_DLN] = -1;
		t[*e][S_LN] = -1;
		t[*e][S_BN] = -4;
	}
	t[S_CL][S_Y] = 0;
	t[S_EM][S_Y] = 0;
	t[S_NM][S_BN] = -2;
	/* another photo of the item: its caption after the credit */
	t[S_CR][S_BN] = 0;
	t[S_CR][S_LN] = -2;
}

/* The headline group within itself: a kicker, the headline's lines, the
 * subheadlines; and a dateline alone before its body. */
static void grammar_heads(double t[S_COUNT + 1][S_COUNT])
{
	t[S_K][S_H] = 0;
	t[S_K][S_K] = -2;
	t[S_H][S_H2] = -0.3; /* and more where no column wraps it: emit() */
	t[S_H2][S_H2] = -1; /* a long headline in a narrow column */
	t[S_H][S_S] = 0;
	t[S_H2][S_S] = 0;
	t[S_S][S_S] = -1;
	t[S_DL][S_BD] = 0;
}

/* Headlines before their bodies: what may follow the headline group
 * before the body (a source line, a dateline alone, a byline, an
 * editor's note), and what those lead to. */
static void grammar_opening(double t[S_COUNT + 1][S_COUNT])
{
	for (const int *h = HEADS; *h >= 0; h++) {
		t[*h][S_SRC] = 0;
		t[*h][S_DL] = 0;
		t[*h][S_BP] = 0;
		t[*h][S_NOTE] = 0;
		t[*h][S_OD] = 0;
		t[*h][S_ON] = 0;
		t[*h][S_CR] = -0.5; /* a photo, no caption */
	}
	static const int opens[] = { S_DL, S_BP, S_NOTE, S_OD, S_ON, -1 };
	for (const int *o = opens; *o >= 0; o++) {
		t[S_SRC][*o] = 0;
		t[S_BP][*o] = *o == S_BP ? -0.5 : 0;
	}
	t[S_SRC][S_S] = -1;
	t[S_SRC][S_K] = 0; /* the source line first */
	t[S_SRC][S_H] = 0;
	t[S_BP][S_SRC] = -0.5;
	t[S_DL][S_BD] = 0;
	t[S_NOTE][S_NT] = 0;
	t[S_NOTE][S_OD] = 0;
	t[S_NOTE][S_ON] = 0;
	t[S_NOTE][S_K] = 0;
	t[S_NOTE][S_H] = 0;
	t[S_NT][S_NT] = 0;
	t[S_NT][S_K] = 0;
	t[S_NT][S_H] = 0;
	t[S_NT][S_ON] = -0.5;
}

/* Headlines before their bodies: where the next article starts, with its
 * headline group (or its note, its source line), after a body and its
 * ends.  News often ends unmarked; a feature's short line is more often
 * a section head, so a new article costs more after one. */
static void grammar_starts(double t[S_COUNT + 1][S_COUNT])
{
	for (const int *e = DONE; *e >= 0; e++) {
		double cost = *e == START ? 0
			      : *e == S_OD || *e == S_LD || *e == S_BD
				      ? -1.5
			      : *e == S_ON || *e == S_LN || *e == S_BN
				      ? -2.5
				      : 0;
		t[*e][S_K] = cost;
		t[*e][S_H] = cost;
		t[*e][S_NOTE] = cost - 0.5;
		t[*e][S_SRC] = cost - 1;
	}
	t[START][S_LD] = -0.5; /* a page that starts mid-way */
	t[START][S_LN] = -0.5;
	t[START][S_DL] = -1;
}

/* Headlines after their bodies: the headline group closes the article;
 * the next starts with its body (or its dateline, its source line, its
 * byline). */
static void grammar_closing(double t[S_COUNT + 1][S_COUNT])
{
	for (const int *e = DONE; *e >= 0; e++) {
		if (*e == START)
			continue;
		double cost = *e == S_OD || *e == S_LD || *e == S_BD
				      ? -0.5
			      : *e == S_ON || *e == S_LN || *e == S_BN
				      ? -1
				      : 0;
		t[*e][S_K] = cost;
		t[*e][S_H] = cost;
	}
	for (const int *h = HEADS; *h >= 0; h++) {
		t[*h][S_LD] = 0;
		t[*h][S_LN] = 0;
		t[*h][S_DL] = 0;
		t[*h][S_SRC] = -0.5;
		t[*h][S_CR] = -0.5;
	}
	t[S_SRC][S_LD] = 0;
	t[S_SRC][S_LN] = 0;
	t[S_SRC][S_DL] = 0;
	/* an article that opens with its byline, its headline at the end */
	for (const int *h = HEADS; *h >= 0; h++)
		t[*h][S_BP] = -0.5;
	for (const int *e = ENDS; *e >= 0; e++)
		t[*e][S_BP] = -1;
	t[S_BP][S_LD] = 0;
	t[S_BP][S_LN] = 0;
	t[S_BP][S_DL] = 0;
	t[S_CL][S_DL] = -0.5;
	t[S_Y][S_DL] = -1;
	/* a column's head (综合简报) after the headline that closes the
	 * item before, over the first brief of the column */
	for (const int *h = HEADS; *h >= 0; h++)
		t[*h][S_COL] = -0.5;
	t[S_COL][S_LD] = -0.5;
	t[S_COL][S_LN] = -0.5;
	t[S_COL][S_DL] = -0.5;
	t[S_COL][S_BP] = -0.5;
	/* an editor's note opens the item it introduces, before its
	 * byline or its body */
	for (const int *h = HEADS; *h >= 0; h++)
		t[*h][S_NOTE] = -0.5;
	t[S_NOTE][S_NT] = 0;
	t[S_NT][S_NT] = 0;
	for (int k = 0; k < 2; k++) {
		int from = k ? S_NT : S_NOTE;
		t[from][S_BP] = 0;
		t[from][S_DL] = 0;
		t[from][S_OD] = 0;
		t[from][S_ON] = k ? -0.5 : 0;
	}
	t[START][S_LD] = 0;
	t[START][S_LN] = 0;
	t[START][S_DL] = 0;
	t[START][S_K] = -1;
	t[START][S_H] = -1;
}

/* Transition scores, from each state (and the start, row START) to each
 * state; NEG where the grammar has no such step.  `after`: headlines
 * close their articles instead of opening them.  The parts are applied
 * in this order, a later one setting some steps an earlier one set. */
static void grammar(double t[S_COUNT + 1][S_COUNT], int after)
{
	for (int a = 0; a <= S_COUNT; a++)
		for (int b = 0; b < S_COUNT; b++)
			t[a][b] = NEG;
	grammar_body(t);
	grammar_ends(t);
	grammar_heads(t);
	if (!after) {
		grammar_opening(t);
		grammar_starts(t);
	} else {
		grammar_closing(t);
	}
}

int roles_starts_article(enum role prev, enum role r, int after)
{
	if (r == ROLE_LEAD) /* unless what opens its article came first */
		return prev != ROLE_BYLINE_PRE && prev != ROLE_SOURCE &&
		       prev != ROLE_DATELINE && prev != ROLE_KICKER;
	int noted = prev == ROLE_NOTE || prev == ROLE_NOTE_TEXT;
	int body = prev == ROLE_COUNT || prev == ROLE_LEAD ||
		   prev == ROLE_BODY || prev == ROLE_CROSS ||
		   prev == ROLE_BYLINE || prev == ROLE_END ||
		   prev == ROLE_CREDIT;
	int closed = prev == ROLE_HEAD || prev == ROLE_SUBHEAD;
	if (after)
		return ((r == ROLE_KICKER || r == ROLE_NOTE) && closed) ||
		       (r == ROLE_DATELINE && prev != ROLE_SOURCE &&
			prev != ROLE_BYLINE_PRE && prev != ROLE_KICKER &&
			!noted) ||
		       (r == ROLE_BYLINE_PRE && prev != ROLE_SOURCE &&
			prev != ROLE_BYLINE_PRE && prev != ROLE_KICKER &&
			!noted);
	return body && (r == ROLE_KICKER || r == ROLE_HEAD ||
			r == ROLE_SUBHEAD || r == ROLE_SOURCE ||
			r == ROLE_NOTE || r == ROLE_DATELINE ||
			r == ROLE_BYLINE_PRE);
}

/* ---- dynamic programming ------------------------------------------------*/

struct ctx {
	const struct unit *u;
	struct feat *f;
	double (*e)[S_COUNT]; /* emission score per unit and state */
	double *score; /* n x S_COUNT */
	unsigned char *back; /* n x S_COUNT */
	void (*debug)(const char *line);
};

/* The cost of ending a chain in state `k`: a headline group may end one,
 * at a cost. */
static double end_cost(int k)
{
	return k == S_K || k == S_NOTE || k == S_NT || k == S_SRC || k == S_DL
		       ? -3
		       : 0;
}

/* The most likely states of units [a, b) under transition table t;
 * stores them in st[a..b) and returns the total score. */
static double viterbi(struct ctx *c, size_t a, size_t b,
		      double (*const tables[2])[S_COUNT],
		      const unsigned char *after, unsigned char *st)
{
	double *sc = c->score;
	unsigned char *bk = c->back;
	for (size_t i = a; i < b; i++) {
		double (*t)[S_COUNT] = tables[after[i] ? 1 : 0];
		for (int s = 0; s < S_COUNT; s++) {
			double best = NEG;
			int arg = 0;
			double e = c->e[i][s];
			if (e > NEG / 2) {
				if (i == a) {
					best = t[S_COUNT][s];
				} else {
					/* where the layout changes, another
					 * page may begin (two dumps one after
					 * the other), or the text reads on (a
					 * poem in a wrapped page) */
					int page = c->u[i].lay != c->u[i - 1].lay;
					for (int p = 0; p < S_COUNT; p++) {
						double v = sc[(i - 1) * S_COUNT + p] +
							   t[p][s];
						if (page)
							v = fmax(v, sc[(i - 1) * S_COUNT + p] +
								 end_cost(p) + t[S_COUNT][s]);
						if (v > best)
							best = v, arg = p;
					}
				}
				best = best > NEG / 2 ? best + e : NEG;
			}
			sc[i * S_COUNT + s] = best;
			bk[i * S_COUNT + s] = (unsigned char)arg;
		}
	}
	int s = 0;
	double best = NEG;
	for (int k = 0; k < S_COUNT; k++) {
		double v = sc[(b - 1) * S_COUNT + k] + end_cost(k);
		if (v > best)
			best = v, s = k;
	}
	if (best <= NEG / 2) {
		/* nothing fits the grammar (it cannot happen: every unit may
		 * be a lead); read everything as body */
		for (size_t i = a; i < b; i++)
			st[i] = S_BN;
		return NEG;
	}
	for (size_t i = b; i-- > a;) {
		st[i] = (unsigned char)s;
		s = bk[i * S_COUNT + s];
	}
	return best;
}

/* ---- orientation --------------------------------------------------------*/

/* The Han bigrams of a text, up to `most`. */
static size_t bigrams(const char *s, size_t n, uint64_t *out, size_t most)
{
	size_t k = 0;
	uint32_t prev = 0, uc;
	for (size_t i = 0; i < n && k < most;) {
		i += utf8_next(s + i, n - i, &uc);
		if (utf8_is_han(uc)) {
			if (prev)
				out[k++] = (uint64_t)prev << 32 | uc;
			prev = uc;
		} else if (uc != '\n' && !utf8_is_space(uc)) {
			prev = 0;
		}
	}
	return k;
}

/* The Han bigrams of the first few hundred characters of the units from
 * `from` on (up to `to`): the text a headline group leads to (or
 * follows), made once and looked up by each line of the group. */
enum { LEAD_TEXT = 200 };
struct lead_text {
	uint64_t w[LEAD_TEXT]; /* bigrams, in text order */
	size_t n;
};

static void lead_text(const struct unit *u, size_t from, size_t to,
		      struct lead_text *o)
{
	o->n = 0;
	for (size_t i = from; i < to && o->n < LEAD_TEXT; i++)
		o->n += bigrams(u[i].s, u[i].len, o->w + o->n,
				LEAD_TEXT - o->n);
}

/* The share of a headline's bigrams h[0..nh) found in a lead text. */
static double shared(const uint64_t *h, size_t nh, const struct lead_text *o)
{
	if (!nh)
		return 0;
	size_t hit = 0;
	for (size_t k = 0; k < nh; k++)
		for (size_t j = 0; j < o->n; j++)
			if (o->w[j] == h[k]) {
				hit++;
				break;
			}
	return (double)hit / (double)nh;
}

static int is_head_state(int s)
{
	return s == S_K || s == S_H || s == S_H2 || s == S_S;
}

/* The region (of layout) of each unit, numbered in the order they
 * first come; returns how many. */
static size_t regions(const struct unit *u, size_t n, size_t *reg)
{
	size_t nr = 0;
	const struct layout **seen = malloc((n ? n : 1) * sizeof *seen);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (seen && k < nr && seen[k] != u[i].lay)
			k++;
		if (seen && k == nr)
			seen[nr++] = u[i].lay;
		reg[i] = seen ? k : 0;
	}
	free(seen);
	return seen ? nr : 1;
}

/* Votes for headlines after their bodies, per region, from the headline
 * groups the reading "before" found: a group at a region's very end, or
 * one that shares more with the opening of the text before it than with
 * the text after it; against, a group at the very start, or one that
 * shares more with the text after it.  Adds the votes for to
 * votes[2 * region + 1], those against to votes[2 * region]. */
static void orientation(const struct ctx *c, const unsigned char *st,
			size_t n, const size_t *chain, size_t nchains,
			const size_t *reg, size_t nr, int *votes,
			void (*debug)(const char *line))
{
	/* each region's first and last unit */
	size_t *lo = malloc((nr ? nr : 1) * sizeof *lo);
	size_t *hi = malloc((nr ? nr : 1) * sizeof *hi);
	if (!lo || !hi) {
		free(lo);
		free(hi);
		return; /* no votes: headlines before their bodies */
	}
	for (size_t r = 0; r < nr; r++)
		lo[r] = n, hi[r] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i < lo[reg[i]])
			lo[reg[i]] = i;
		hi[reg[i]] = i + 1;
	}
	for (size_t k = 0; k < nchains; k++) {
		size_t a = chain[k], b = chain[k + 1];
		size_t seg = a; /* where the text before the group begins */
		for (size_t i = a; i < b;) {
			if (!is_head_state(st[i])) {
				i++;
				continue;
			}
			size_t j = i;
			uint64_t h[64];
			size_t nh = 0;
			while (j < b && is_head_state(st[j])) {
				if (st[j] != S_K)
					nh += bigrams(c->u[j].s, c->u[j].len,
						      h + nh, 64 - nh);
				j++;
			}
			/* at the very start or end of its region (two votes:
			 * no text on that side at all) or of its page; a
			 * region that starts inside a chain has the text of
			 * the region before on that side, which is read */
			int first = i == lo[reg[i]] && i == a ? 2
				    : i == lo[reg[i]] ? 0
						      : c->u[i].cut;
			int last = j == hi[reg[i]] ? 2 : j < b && c->u[j].cut;
			/* the text after it, to the next group */
			size_t next = j;
			while (next < b && !is_head_state(st[next]))
				next++;
			struct lead_text o;
			lead_text(c->u, seg, i, &o);
			double before = shared(h, nh, &o);
			lead_text(c->u, j, next, &o);
			double after = shared(h, nh, &o);
			int v = 0;
			if (first > last)
				v = -first;
			else if (last > first)
				v = last;
			else if (j < b && c->f[j].issue_source)
				v = -1; /* a source line under it, over the
					   body: a database's export */
			else if (before > after + 0.15)
				v = 1;
			else if (after > before + 0.15)
				v = -1;
			votes[2 * reg[i] + (v > 0)] += abs(v);
			if (debug) {
				char line[160];
				snprintf(line, sizeof line,
					 "headline at line %zu: shares %.2f with "
					 "the text before, %.2f after: %s",
					 c->u[i].line, before, after,
					 v > 0 ? "after its body"
					 : v < 0 ? "before its body" : "no vote");
				debug(line);
			}
			seg = j;
			i = j;
		}
	}
	free(lo);
	free(hi);
}

/* Each region's reading from its votes (for after in votes[2 * r + 1],
 * against in votes[2 * r]): 1 for headlines after their bodies, left in
 * votes[2 * r].  Most papers set headlines first: after only on clear
 * evidence, twice the votes against or more, as headlines that share no
 * words with either side leave the votes to chance. */
static void decide(int *votes, size_t nr, void (*debug)(const char *line))
{
	for (size_t r = 0; r < nr; r++) {
		int yes = votes[2 * r + 1], no = votes[2 * r];
		/* a region too small to say (a poem set a line each amid
		 * hard-wrapped columns) reads as the one before it */
		if (r > 0 && yes + no < 2 && no == 0)
			votes[2 * r] = votes[2 * (r - 1)];
		else
			votes[2 * r] = yes >= 2 && yes >= 2 * no;
		if (debug) {
			char line[120];
			snprintf(line, sizeof line,
				 "region %zu: headlines stand %s their bodies "
				 "(%d votes for after, %d against)",
				 r + 1, votes[2 * r] ? "after" : "before", yes,
				 no);
			debug(line);
		}
	}
}

/* ---- topic shift --------------------------------------------------------*/

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int body_like(const struct feat *f)
{
	return f->chars >= 20 && (f->stop_end || f->inner) && !f->dateline;
}

/* Sections: up to this many units on each side of a boundary (measured
 * on tests/pages: 4 tells as well as 8, in half the time). */
enum { SECTION = 4 };

/* The similarity of the section before a boundary (units back from `a`,
 * to a short unit or `lo`) and the section after it (units from `b`, to
 * a short unit or `hi`), at most SECTION units each: -1 when either is
 * empty. */
static double across(struct interleave_sim *sim, const struct unit *u,
		     const struct feat *f, size_t a, size_t b, size_t lo,
		     size_t hi, size_t *least)
{
	size_t a0 = a + 1, b1 = b;
	while (a0 > lo && a + 1 - a0 < SECTION && !f[a0 - 1].shortish)
		a0--;
	while (b1 < hi && b1 - b < SECTION && !f[b1].shortish)
		b1++;
	if (a0 > a || b1 == b)
		return -1;
	*least = a + 1 - a0 < b1 - b ? a + 1 - a0 : b1 - b;
	/* the units' blocks: a unit is its blocks, joined */
	return interleave_sim_range(sim, u[a0].first, u[a].last + 1, u[b].first,
				u[b1 - 1].last + 1);
}

/* For every group of short units between two body paragraphs of its
 * chain: how the sections on its two sides compare with the file's usual
 * similarity of the text before and after a paragraph break. */
static int topics(struct ctx *c, size_t n, const size_t *chain,
		  size_t nchains, struct interleave_sim *sim)
{
	double *usual = malloc((n ? n : 1) * sizeof *usual);
	int rc = -1;
	if (!usual)
		goto out;
	/* The usual similarity from a sample of paragraph breaks: a few
	 * hundred tell it as well as all of them. */
	size_t nu = 0, every = n / 64 + 1;
	for (size_t k = 0; k < nchains; k++)
		for (size_t i = chain[k]; i + 1 < chain[k + 1]; i++) {
			if (i % every || !body_like(&c->f[i]) ||
			    !body_like(&c->f[i + 1]))
				continue;
			size_t least;
			double s = across(sim, c->u, c->f, i, i + 1, chain[k],
					  chain[k + 1], &least);
			if (s >= 0 && least >= 2)
				usual[nu++] = s;
		}
	double base = 0.1;
	if (nu >= 4) {
		qsort(usual, nu, sizeof *usual, cmp_double);
		base = usual[nu / 2];
	}
	for (size_t k = 0; k < nchains; k++)
		for (size_t i = chain[k] + 1; i + 1 < chain[k + 1]; i++) {
			if (!c->f[i].shortish || c->f[i - 1].shortish)
				continue;
			/* the group of short units, and the section after */
			size_t j = i + 1;
			while (j < chain[k + 1] && j < i + 4 &&
			       c->f[j].shortish)
				j++;
			size_t least;
			double s = across(sim, c->u, c->f, i - 1, j, chain[k],
					  chain[k + 1], &least);
			if (s < 0)
				continue;
			/* Sections of a paragraph or two, or a file too short
			 * to know its usual similarity, say little. */
			double weight = least >= 3 ? 1 : (double)least / 3;
			if (nu < 4)
				weight /= 2;
			if (c->debug) {
				char line[120];
				snprintf(line, sizeof line, "topic at line %zu: "
					 "%.3f across, %.3f usual",
					 c->u[i].line, s, base);
				c->debug(line);
			}
			for (size_t m = i; m < j; m++)
				c->f[m].topic = weight *
						log((s + 0.02) / (base + 0.02));
		}
	rc = 0;
out:
	free(usual);
	return rc;
}

/* ---- context ------------------------------------------------------------*/

/* The features of units [lo, hi) of a chain that their neighbours give:
 * where the page may change, rows of a table and its title, runs of short
 * units (a list, a poem), a column's head above a longer headline line,
 * and the lines of a headline group right before a dateline.  A unit
 * alone cannot tell these: a short line is a headline or a line of a
 * poem by what stands around it. */
/* A paragraph of prose has this many characters at least: a verse line,
 * a list's item or a table's row has fewer. */
enum { RUN_AFTER_PROSE = 20 };

/* Whether s[0..n) closes a quote or bracket before it opens one. */
static int closes_first(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (punct_is_opener(uc))
			return 0;
		if (punct_is_closer(uc) && uc != '"' && uc != '\'')
			return 1;
	}
	return 0;
}

/* Every line of a headline group right before a dateline, or before a
 * byline with the body after it (a feature's), a subtitle aside, or over
 * a source line: next_dateline. */
static void before_dateline(struct feat *f, size_t lo, size_t hi)
{
	for (size_t i = hi; i-- > lo + 1;) {
		const struct feat *nx = &f[i];
		int dl = (nx->dateline && !nx->opening_head) ||
			 (nx->byline && i + 1 < hi && !f[i + 1].shortish &&
			  !f[i + 1].byline && !f[i + 1].names &&
			  f[i + 1].chars > LINE_CHARS / 2 && !f[i - 1].paren &&
			  !f[i - 1].dash);
		/* a source line under a headline, a dump's (人民日报
		 * 2023-05-16 第1版): the headline is over it, however long */
		int src = nx->issue_source && !nx->shortish;
		if (dl || src || (nx->shortish && nx->next_dateline))
			f[i - 1].next_dateline = f[i - 1].shortish || dl ||
						 src;
	}
}

static void neighbours(const struct unit *u, struct feat *f, size_t lo,
		       size_t hi)
{
	for (size_t i = lo; i < hi; i++)
		f[i].cut = u[i].cut;
	/* "多地推行社保业务“掌上" over "办”": a headline wrapped inside its
	 * quotation; what closes it is the headline's end, not text. */
	for (size_t i = lo + 1; i < hi; i++)
		f[i].quote_tail = f[i - 1].shortish && f[i].chars <= 3 &&
				  u[i - 1].flags & INTERLEAVE_OPEN &&
				  closes_first(u[i].s, u[i].len);
	/* pdftotext puts each name of a byline padded apart in a box of its
	 * own ("本报记者", "冯", "雪", "杜永平", blank lines between): a Han
	 * character alone right after a byline or its names is one of them,
	 * not a headline. */
	for (size_t i = lo + 1; i < hi; i++)
		if (f[i].chars == 1 && f[i].han == 1 && !f[i].cut &&
		    (f[i - 1].byline || f[i - 1].names)) {
			f[i].names = 2;
			f[i].shortish = 0;
		}
	for (size_t i = lo; i < hi; i++)
		f[i].table = f[i].row &&
			     ((i > lo && f[i - 1].row && !f[i].cut) ||
			      (i + 1 < hi && f[i + 1].row && !f[i + 1].cut));
	/* a table's title: rows among the three units after it */
	for (size_t i = lo; i < hi; i++) {
		int rows = 0;
		for (size_t j = i + 1; j < hi && j <= i + 3 && !f[j].cut; j++)
			rows += f[j].row;
		f[i].table_head = f[i].shortish && !f[i].row && rows >= 2;
	}
	for (size_t i = lo; i < hi; i++) {
		if (!f[i].shortish || f[i].table_head)
			continue;
		size_t j = i + 1;
		while (j < hi && f[j].shortish && !f[j].cut &&
		       !f[j].table_head)
			j++;
		for (size_t m = i; m < j; m++)
			f[m].run = (int)(j - i);
		/* The first of a run standing apart from a paragraph of
		 * prose before it on its page (a sentence ended, a blank
		 * line between) is the title over the poem or list, not its
		 * first line. */
		if (i > lo && u[i].gap && !f[i].cut && f[i - 1].stop_end &&
		    f[i - 1].chars >= RUN_AFTER_PROSE)
			f[i].run = 1;
		i = j - 1;
	}
	for (size_t i = lo; i + 1 < hi; i++)
		f[i].column = f[i].shortish && f[i].chars <= 6 &&
			      f[i + 1].shortish &&
			      f[i + 1].chars >= f[i].chars + 3;
	for (size_t i = lo + 1; i < hi; i++)
		f[i].column_under = f[i].shortish && f[i].chars <= 6 &&
				    f[i - 1].shortish && !f[i].cut &&
				    f[i - 1].chars >= f[i].chars + 3;
	for (size_t i = lo + 1; i < hi; i++)
		f[i].plain_after_head = f[i - 1].shortish && !f[i].cut &&
					!f[i].dash && !f[i].paren &&
					!f[i].doc_number &&
					f[i].chars >= f[i - 1].chars &&
					3 * f[i].chars <= 4 * f[i - 1].chars;
	for (size_t i = lo; i + 1 < hi; i++)
		f[i].over_plain = f[i + 1].plain_after_head &&
				  u[i].lay->kind != LAYOUT_WRAPPED;
	before_dateline(f, lo, hi);
}

/* How far, in units, section heads set alike are looked for. */
enum { SIBLING_REACH = 80 };

/* How a short unit is set: its length and where its punctuation stands. */
static int same_setting(const struct unit *a, const struct feat *fa,
			const struct unit *b, const struct feat *fb)
{
	if (fa->chars + 1 < fb->chars || fb->chars + 1 < fa->chars)
		return 0;
	size_t i = 0, j = 0, ca = 0, cb = 0;
	int marks = 0;
	uint32_t x, y;
	for (;;) {
		/* the next punctuation of each, and how far in it is */
		while (i < a->len) {
			i += utf8_next(a->s + i, a->len - i, &x);
			ca++;
			if (!utf8_is_han(x) && x > 0x7F)
				break;
			x = 0;
		}
		while (j < b->len) {
			j += utf8_next(b->s + j, b->len - j, &y);
			cb++;
			if (!utf8_is_han(y) && y > 0x7F)
				break;
			y = 0;
		}
		if (i >= a->len && j >= b->len)
			return marks > 0 && (!x) == (!y) &&
			       (!x || (x == y && ca == cb));
		if (!x || !y || x != y || ca != cb)
			return 0;
		marks++;
		x = y = 0;
	}
}

/* The features that look at the chain around a unit: whether the article
 * a short unit stands in opened with a dateline (news, where a short line
 * is most often the next headline), and whether other short units of the
 * chain are set like it (section heads). */
struct lead_text;
static void lead_text(const struct unit *u, size_t from, size_t to,
		      struct lead_text *o);
static double shared(const uint64_t *h, size_t nh, const struct lead_text *o);
static size_t bigrams(const char *s, size_t n, uint64_t *out, size_t most);

static void context(struct ctx *c, size_t lo, size_t hi)
{
	struct feat *f = c->f;
	/* what each line of a headline group shares with its lead */
	for (size_t i = lo; i < hi;) {
		if (!f[i].shortish) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < hi && f[j].shortish)
			j++;
		size_t b = j;
		while (b < hi && b < j + 3 && f[b].chars < 20)
			b++;
		double share[8] = { 0 };
		struct lead_text o; /* the same for every line */
		if (b < hi)
			lead_text(c->u, b, hi, &o);
		for (size_t m = i; m < j && m < i + 8 && b < hi; m++) {
			uint64_t h[64];
			size_t nh = bigrams(c->u[m].s, c->u[m].len, h, 64);
			share[m - i] = shared(h, nh, &o);
		}
		/* against the best of the group's other lines; where a
		 * column wraps headlines, two lines may be one title, and
		 * their shares say nothing of which is which */
		int wrapped = c->u[i].lay->kind == LAYOUT_WRAPPED;
		for (size_t m = i; m < j && m < i + 8 && j - i > 1 && !wrapped;
		     m++) {
			double other = 0;
			for (size_t o = i; o < j && o < i + 8; o++)
				if (o != m && share[o - i] > other)
					other = share[o - i];
			f[m].lead_share = share[m - i] - other;
		}
		i = j;
	}
	for (size_t i = lo; i < hi; i++) {
		if (!f[i].shortish || i == lo || f[i - 1].shortish)
			continue;
		/* back to the last group of short units, then its body */
		size_t k = i;
		while (k > lo && !f[k - 1].shortish)
			k--;
		f[i].in_news = f[k].dateline;
		/* siblings within an article's reach */
		size_t from = i > lo + SIBLING_REACH ? i - SIBLING_REACH : lo;
		size_t to = i + SIBLING_REACH < hi ? i + SIBLING_REACH : hi;
		for (size_t j = from; j < to; j++)
			if ((j + 3 < i || j > i + 3) && f[j].shortish &&
			    same_setting(&c->u[i], &f[i], &c->u[j], &f[j]))
				f[i].siblings++;
	}
}

/* ---- all of it ----------------------------------------------------------*/

static void say_unit(const struct ctx *c, size_t i, int s)
{
	const struct feat *f = &c->f[i];
	int second = -1;
	for (int k = 0; k < S_COUNT; k++)
		if (k != s && (second < 0 || c->e[i][k] > c->e[i][second]))
			second = k;
	char line[320];
	int r = role_of(s), o = role_of(second);
	size_t show = c->u[i].len < 45 ? c->u[i].len : 45;
	while (show && (c->u[i].s[show] & 0xC0) == 0x80)
		show--;
	snprintf(line, sizeof line,
		 "line %zu %c (%.1f; next %c %.1f) chars %zu%s%s%s%s%s%s%s%s "
		 "topic %.2f: %.*s",
		 c->u[i].line, roles_letter((enum role)r), c->e[i][s],
		 roles_letter((enum role)o),
		 c->e[i][second] > NEG / 2 ? c->e[i][second] : -99.0,
		 f->chars, f->stop_end ? " stop" : "",
		 f->clause_end ? " clause" : "", f->dateline ? " dateline" : "",
		 f->closing ? " closing" : "", f->byline ? " byline" : "",
		 f->shortish ? " short" : "", f->numbered ? " numbered" : "",
		 f->next_dateline ? " before-dateline" : "", f->topic,
		 (int)show, c->u[i].s);
	for (char *p = line; *p; p++)
		if (*p == '\n')
			*p = '|';
	c->debug(line);
}

int roles_assign(const struct unit *u, size_t n, const size_t *chain,
		 size_t nchains, struct interleave_sim *sim, enum role *out,
		 unsigned char *after, void (*debug)(const char *line))
{
	struct ctx c = { u, NULL, NULL, NULL, NULL, debug };
	unsigned char *st = calloc(n ? n : 1, 1);
	size_t *reg = malloc((n ? n : 1) * sizeof *reg);
	double (*t)[S_COUNT] = malloc((S_COUNT + 1) * sizeof *t);
	double (*ta)[S_COUNT] = malloc((S_COUNT + 1) * sizeof *ta);
	c.f = calloc(n ? n : 1, sizeof *c.f);
	c.e = malloc((n ? n : 1) * sizeof *c.e);
	c.score = malloc((n ? n : 1) * S_COUNT * sizeof *c.score);
	c.back = malloc((n ? n : 1) * S_COUNT);
	int rc = -1;
	memset(after, 0, n);
	if (!st || !reg || !t || !ta || !c.f || !c.e || !c.score || !c.back)
		goto out;
	for (size_t i = 0; i < n; i++)
		features(&u[i], &c.f[i]);
	for (size_t k = 0; k < nchains; k++)
		neighbours(u, c.f, chain[k], chain[k + 1]);
	for (size_t k = 0; k < nchains; k++)
		context(&c, chain[k], chain[k + 1]);
	if (topics(&c, n, chain, nchains, sim) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		for (int s = 0; s < S_COUNT; s++)
			c.e[i][s] = emit(&c.f[i], &u[i], s);
	grammar(t, 0);
	grammar(ta, 1);
	double (*const tables[2])[S_COUNT] = { t, ta };
	for (size_t k = 0; k < nchains; k++)
		if (chain[k] < chain[k + 1])
			viterbi(&c, chain[k], chain[k + 1], tables, after, st);
	size_t nr = regions(u, n, reg);
	int *votes = calloc(2 * nr, sizeof *votes);
	if (!votes)
		goto out;
	orientation(&c, st, n, chain, nchains, reg, nr, votes, debug);
	decide(votes, nr, debug);
	int any = 0;
	for (size_t i = 0; i < n; i++)
		any |= after[i] = (unsigned char)votes[2 * reg[i]];
	free(votes);
	for (size_t k = 0; any && k < nchains; k++)
		if (chain[k] < chain[k + 1])
			viterbi(&c, chain[k], chain[k + 1], tables, after, st);
	for (size_t i = 0; i < n; i++) {
		if (debug)
			say_unit(&c, i, st[i]);
		out[i] = role_of(st[i]);
	}
	rc = 0;
out:
	free(st);
	free(reg);
	free(t);
	free(ta);
	free(c.f);
	free(c.e);
	free(c.score);
	free(c.back);
	return rc;
}
