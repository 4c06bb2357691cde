/* cues: the marks a newspaper page carries that tell a reader what a line
 * is: datelines, bylines, source lines and mastheads, photo credits and
 * captions, editors' notes, numbered crossheads, end marks.
 *
 * Each recogniser looks at one piece of text (a line or a paragraph, valid
 * UTF-8, '\n' where the source broke lines, spaces as extraction left
 * them) and says whether it is, starts or ends with such a mark.  They
 * recognise forms, never particular papers: any agency name ending in
 * 社, 报, 网 or 台, any place, any names.  The segmenter (roles.h) weighs
 * them with the rest of a line's features; none decides alone. */
#ifndef KANBAO_CUES_H
#define KANBAO_CUES_H

#include <stddef.h>

#include "kanbao/build/dates.h"

/* A part of a text: byte offset and length; len 0 when absent. */
struct cue_span {
	size_t at, len;
};

/* A dateline at the start of a text:
 *   [据] AGENCY [PLACE] [DATE] [专|零时…] 电|讯  [（记者 …）]
 *   [本报|新华社…]记者 NAMES 报道：
 * "本报北京12月31日电", "本报讯", "新华社华盛顿12月30日专电", "新华社北京1月1日
 * 零时电", "据新华社北京3月1日电", "本报太原2000年12月31日电", "本报北京十二
 * 月三十一日电", "新华社北京5月15日电（记者 高 蕾）", "本报讯 记者张三报道：". */
struct dateline {
	size_t len; /* bytes of the text it spans, byline included */
	struct date date; /* month and day (both 0 for 本报讯), year if given */
	struct cue_span agency; /* 新华社, 本报; len 0 for 记者…报道： */
	struct cue_span place; /* 北京; len 0 when none */
	struct cue_span byline; /* 记者 高 蕾 (without parentheses) */
};

/* Match a dateline at the start of `n` bytes of `s`.  Returns 1 and fills
 * `dl`, or 0.  A dateline without a date must be followed by the end of
 * the text, a space, a parenthesis or 记者, so that "新华社北京电视台"
 * is no dateline. */
int cues_dateline(const char *s, size_t n, struct dateline *dl);

/* A text that opens with a dateline, as cues_dateline reads it, and what
 * follows: maybe a byline in parentheses, then the rest; the rest may be a
 * headline standing on the dateline's line (seed 000: "新华社北京3月1日电
 * 关于召开…的决定（…通过）"), whose trailing parenthesis is its subtitle. */
struct opening {
	struct dateline dl;
	size_t rest; /* where the rest starts (n when none) */
	size_t head; /* where the headline part of the rest ends (n when it
			has no trailing parenthesis) */
	int headline; /* the rest reads as a headline, not a sentence */
};

/* Match an opening at the start of `n` bytes of `s`.  Returns 1 and fills
 * `o`, or 0. */
int cues_opening(const char *s, size_t n, struct opening *o);

/* A dateline in parentheses ending the text: "…。（本报华盛顿12月30日电）",
 * "(新华社北京3月1日电)", "（新华社北京 5月 14 日电 记者 邹 伟 …）", the
 * whole text or its end.  Returns the offset of the opening parenthesis and
 * fills `dl` (its offsets relative to the text inside the parenthesis, at
 * `at + 1 or 3`), or (size_t)-1. */
size_t cues_closing(const char *s, size_t n, struct dateline *dl);

/* The whole text is a byline: [（] ([AGENCY] ROLE [NAMES])+ [）], ROLE
 * being 记者, 特约记者, 通讯员, 实习生, 评论员, 特约评论员, 本报评论员…,
 * NAMES Han names separated by spaces, 、 or line breaks ("新华社记者 朱基钗
 * 高雷", "本报记者 张三 通讯员 李四", "（记者 高 蕾）", "本报评论员"); or
 * "文/张三", "文·张三".  Returns 1 and the span inside any parentheses in
 * `*in`, or 0. */
int cues_byline(const char *s, size_t n, struct cue_span *in);

/* The whole text is names and nothing else ("高雷", "魏玉坤 李 鲲"):
 * the rest of a byline broken over lines.  Names without a role are 2 or
 * 3 characters, or padded apart a character a word.  Returns 2 for a
 * padded name ("林　岚"), 1 for others, 0 when the text is not names. */
int cues_names(const char *s, size_t n);

/* A photo credit: "新华社记者 张三摄", "本报记者 李四 摄", "张三摄",
 * "（新华社发）", "（资料图片）", "图片来源：…".  Returns 1 or 0. */
int cues_credit(const char *s, size_t n);

/* A headline of a photo item: it ends with （图片）, （附图片2张）,
 * （附图）, （组图）, （图）.  Returns 1 or 0. */
int cues_photo_title(const char *s, size_t n);

/* A photo item's mark alone, as pdftotext can set it on a line of its own
 * under the headline: （图片）, （附图片2张）.  Returns 1 or 0. */
int cues_photo_mark(const char *s, size_t n);

/* A caption: it starts with 图片：, 图为, 上图：, 左图, 图①… (returns
 * 1), or with 图②, 下图：, 右图… (a further photo of the same item:
 * returns 2); else 0. */
int cues_caption(const char *s, size_t n);

/* An editor's note: the text starts with 编者按, 【编者按】, 编者的话,
 * 编辑的话, 编者附言, 编前, 编后 and a colon or bracket, or is that mark
 * alone.  Returns the bytes of the mark (n when it is alone), or 0. */
size_t cues_note(const char *s, size_t n);

/* A crosshead's numbering at the start: （一）, (一), 一、, 1., 1、, ①,
 * 第一, 之一, ■, ●, ◆, ▲.  Returns 1 or 0. */
int cues_numbered(const char *s, size_t n);

/* An end mark: the text is or ends with （完）, (完), （全文完）.  Returns
 * 1 or 0. */
int cues_end_mark(const char *s, size_t n);

/* A row of a table, or rows (a weather box, a list of results), not a
 * paragraph: three short fields or more (10 characters at most), set
 * apart by wide gaps, or where a dump folded them by single spaces
 * (北京 晴 -9℃～1℃), a digit among them.  Returns 1 or 0. */
int cues_table_row(const char *s, size_t n);

/* An author's note, the line a commentary or a feature ends with: the
 * text is one parenthesis that opens with 作者 and says who the author is
 * （作者为中国农业大学教授）, （作者系…）, （作者是…）, （作者单位：…）.
 * Returns 1 or 0. */
int cues_author_note(const char *s, size_t n);

/* A document's number under its title: 〔2000〕第十二号, 国发〔2022〕5号.
 * Returns 1 or 0. */
int cues_doc_number(const char *s, size_t n);

/* Does the text end in a verb that introduces what someone said or did
 * (强调, 指出, 表示, 要求, 时说, 寄语, 致辞…): a kicker (引题) before the
 * headline that says it.  Returns 1 or 0. */
int cues_kicker_end(const char *s, size_t n);

/* A line that says who made the page: 本版责编：…, 责任编辑：…, （责编：
 * …）, （編輯：…）, a web page's buttons before it (【纠错】　责任编辑：…).
 * Returns 1 or 0. */
int cues_editor(const char *s, size_t n);

/* A row of a web page's buttons copied with its text: two or more words
 * in 【】 or [] and nothing else (【字号　大　中　小】　【打印】　【关闭】).
 * Returns 1 or 0. */
int cues_buttons(const char *s, size_t n);

/* A page number alone: "3", "- 3 -", "第 3 页", "第3页 共8页".  Returns 1
 * or 0. */
int cues_page_number(const char *s, size_t n);

/* An entry of a table of contents: words, then the page they are on
 * ("要闻　第 1 版", "春风吹绿万亩良田……4").  Returns 1 or 0. */
int cues_page_ref(const char *s, size_t n);

/* An issue line: a line that dates the page it is on.
 *   source line  《人民日报》（2025年10月20日 第 01 版）, 人民日报 2001-01-01
 *                第1版, 来源：人民日报 2001年1月1日
 *   masthead     2001年1月1日 星期一, 人民日报 2001年1月1日 星期一 第4版 要闻
 * It has a whole date, and a weekday that agrees with it, or a page
 * number (第N版), or a paper's name (in 《》 or ending in 报); and beside
 * those at most a few words (a page's name), no sentence. */
struct issue {
	struct date date; /* the issue's date */
	struct cue_span paper; /* 人民日报 (without 《》); len 0 when none */
	struct cue_span page; /* the page as numbered: "01", "A3"; len 0 */
	int weekday; /* a weekday was named (and agrees) */
	int source; /* the source-line form: a paper's name and the page in
		       one line, or "来源：" */
	int labelled; /* the date is labelled: 日期：2001-01-01, 【日期】… */
};

/* Match an issue line: the whole of `n` bytes of `s`.  Returns 1 and fills
 * `is`, or 0. */
int cues_issue(const char *s, size_t n, struct issue *is);

/* Two phrases of about one length (4 or more characters, at most 2
 * apart), with a space, a comma or a · between them and no other
 * punctuation: the form of a kicker (欢声笑语辞旧岁　万众一心迎新年).
 * Returns 1 or 0. */
int cues_couplet(const char *s, size_t n);

/* A running head that names no date: the paper's name and the page, with
 * at most a few words beside (人民日报　第 5 版　文化, 《文汇报》 A3 版 要
 * 闻), and nothing else an issue line could not hold.  Returns 1, the
 * page as numbered in `*page` (may be NULL), or 0. */
int cues_running_head(const char *s, size_t n, struct cue_span *page);

#endif
