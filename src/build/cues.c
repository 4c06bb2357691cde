/* cues: the marks of a newspaper page (see include/kanbao/build/cues.h). */
#include "kanbao/build/cues.h"

#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/build/dates.h"
#include "kanbao/base/punct.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

/* The traditional forms of the characters the marks are written with,
 * and the simplified ones the recognisers below match: Hong Kong and
 * Taiwan papers write 本報北京12月31日電, 記者, 編者按.  Sorted. */
static const uint32_t FOLD[][2] = {
	{ 0x4F86, 0x6765 }, /* 來 */ { 0x5167, 0x5185 }, /* 內 */
	{ 0x5283, 0x5212 }, /* 劃 */ { 0x54E1, 0x5458 }, /* 員 */
	{ 0x5716, 0x56FE }, /* 圖 */ { 0x5831, 0x62A5 }, /* 報 */
	{ 0x5BE6, 0x5B9E }, /* 實 */ { 0x5BE9, 0x5BA1 }, /* 審 */
	{ 0x5C08, 0x4E13 }, /* 專 */ { 0x5C0D, 0x5BF9 }, /* 對 */
	{ 0x5C0E, 0x5BFC }, /* 導 */ { 0x5F35, 0x5F20 }, /* 張 */
	{ 0x5F37, 0x5F3A }, /* 強 */ { 0x5F8C, 0x540E }, /* 後 */
	{ 0x6436, 0x62A2 }, /* 搶 */ { 0x64DA, 0x636E }, /* 據 */
	{ 0x651D, 0x6444 }, /* 攝 */ { 0x6642, 0x65F6 }, /* 時 */
	{ 0x69CB, 0x6784 }, /* 構 */ { 0x70BA, 0x4E3A }, /* 為 */
	{ 0x7368, 0x72EC }, /* 獨 */ { 0x7522, 0x4EA7 }, /* 產 */
	{ 0x767C, 0x53D1 }, /* 發 */ { 0x79AE, 0x793C }, /* 禮 */
	{ 0x7A31, 0x79F0 }, /* 稱 */ { 0x7C4C, 0x7B79 }, /* 籌 */
	{ 0x7D04, 0x7EA6 }, /* 約 */ { 0x7D44, 0x7EC4 }, /* 組 */
	{ 0x7D71, 0x7EDF }, /* 統 */ { 0x7DB2, 0x7F51 }, /* 網 */
	{ 0x7DDD, 0x7F09 }, /* 緝 */ { 0x7DE8, 0x7F16 }, /* 編 */
	{ 0x7FD2, 0x4E60 }, /* 習 */ { 0x8077, 0x804C }, /* 職 */
	{ 0x81FA, 0x53F0 }, /* 臺 */ { 0x83EF, 0x534E }, /* 華 */
	{ 0x8853, 0x672F }, /* 術 */ { 0x88FD, 0x5236 }, /* 製 */
	{ 0x898B, 0x89C1 }, /* 見 */ { 0x8A08, 0x8BA1 }, /* 計 */
	{ 0x8A0A, 0x8BAF }, /* 訊 */ { 0x8A18, 0x8BB0 }, /* 記 */
	{ 0x8A2D, 0x8BBE }, /* 設 */ { 0x8A55, 0x8BC4 }, /* 評 */
	{ 0x8A5E, 0x8BCD }, /* 詞 */ { 0x8A71, 0x8BDD }, /* 話 */
	{ 0x8A8C, 0x5FD7 }, /* 誌 */ { 0x8A9E, 0x8BED }, /* 語 */
	{ 0x8AAA, 0x8BF4 }, /* 說 */ { 0x8AAC, 0x8BF4 }, /* 説 */
	{ 0x8ABF, 0x8C03 }, /* 調 */ { 0x8AD6, 0x8BBA }, /* 論 */
	{ 0x8CAC, 0x8D23 }, /* 責 */ { 0x8CC7, 0x8D44 }, /* 資 */
	{ 0x8F2F, 0x8F91 }, /* 輯 */ { 0x8FAD, 0x8F9E }, /* 辭 */
	{ 0x9023, 0x8FDE }, /* 連 */ { 0x9031, 0x5468 }, /* 週 */
	{ 0x904E, 0x8FC7 }, /* 過 */ { 0x9060, 0x8FDC }, /* 遠 */
	{ 0x9304, 0x5F55 }, /* 錄 */ { 0x9577, 0x957F }, /* 長 */
	{ 0x96FB, 0x7535 }, /* 電 */ { 0x9801, 0x9875 }, /* 頁 */
	{ 0x984C, 0x9898 }, /* 題 */ { 0x9EDE, 0x70B9 }, /* 點 */
};

/* For array_lower_bound: FOLD[i] comes before the character at `ctx`. */
static int fold_below(const void *ctx, size_t i)
{
	return FOLD[i][0] < *(const uint32_t *)ctx;
}

/* Which characters may be in FOLD, by their low 10 bits: one in twenty
 * Han characters gets past it to the search.  The recognisers look at
 * most characters of the text through fold(), and most are simplified. */
static uint64_t fold_sieve[1024 / 64];

/* Made before main() (GCC and Clang run constructors at load), so before
 * any import thread reads it. */
__attribute__((constructor)) static void fold_sieve_make(void)
{
	for (size_t k = 0; k < sizeof FOLD / sizeof FOLD[0]; k++)
		fold_sieve[FOLD[k][0] >> 6 & 15] |= 1ull << (FOLD[k][0] & 63);
}

/* A character as the recognisers compare it: simplified. */
static uint32_t fold(uint32_t uc)
{
	size_t n = sizeof FOLD / sizeof FOLD[0];
	if (uc < FOLD[0][0] || uc > FOLD[n - 1][0] ||
	    !(fold_sieve[uc >> 6 & 15] >> (uc & 63) & 1))
		return uc;
	size_t i = array_lower_bound(0, n, fold_below, &uc);
	return i < n && FOLD[i][0] == uc ? FOLD[i][1] : uc;
}

static uint32_t at_char(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t uc = 0;
	*len = i < n ? utf8_next(s + i, n - i, &uc) : 0;
	return i < n ? fold(uc) : 0;
}

/* The bytes of s[i..n) that spell the word `w` (simplified), read
 * through fold(); 0 when they do not. */
static size_t match_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t k = i;
	/* w is a word of this file: valid UTF-8, each character whole
	 * within 4 bytes or its NUL (so no strlen for every try) */
	for (size_t j = 0; w[j];) {
		uint32_t want, got;
		size_t l;
		j += utf8_next(w + j, 4, &want);
		if (k >= n || (got = at_char(s, n, k, &l)) != want)
			return 0;
		k += l;
	}
	return k - i;
}

/* The same, for a word that ends at s[n]: its length, or 0. */
static size_t match_end(const char *s, size_t n, const char *w)
{
	size_t chars = 0;
	for (size_t j = 0; w[j]; chars++) {
		uint32_t uc;
		j += utf8_next(w + j, 4, &uc);
	}
	const char *p = s + n;
	uint32_t uc;
	for (size_t c = 0; c < chars; c++)
		if (!(p = utf8_prev(p, s, &uc)))
			return 0;
	size_t at = (size_t)(p - s);
	return match_at(s, n, at, w) == n - at ? n - at : 0;
}

static int is_blank(uint32_t uc)
{
	return uc == '\n' || utf8_is_space(uc);
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	size_t len;
	while (i < n && is_blank(at_char(s, n, i, &len)))
		i += len;
	return i;
}

/* The end of s[0..n) without spaces after it. */
static size_t trim_end(const char *s, size_t n)
{
	uint32_t uc;
	const char *p;
	while (n && (p = utf8_prev(s + n, s, &uc)) && is_blank(uc))
		n = (size_t)(p - s);
	return n;
}

static int starts_with(const char *s, size_t n, size_t i, const char *w)
{
	return match_at(s, n, i, w) > 0;
}

static int ends_with(const char *s, size_t n, const char *w)
{
	return match_end(s, n, w) > 0;
}

static int is_open_paren(uint32_t uc)
{
	return uc == 0xFF08 || uc == '(';
}

static int is_close_paren(uint32_t uc)
{
	return uc == 0xFF09 || uc == ')';
}

/* The first of the words `w` (NULL-terminated, longest first where one
 * is the start of another) at s[i]: its index, and its length in the
 * text in `*len`; -1 when none is there. */
static int word_at(const char *s, size_t n, size_t i, const char *const *w,
		   size_t *len)
{
	/* the text's character at i, read once: most words start with
	 * another (a word's first character is whole within its 4 bytes or
	 * its NUL) */
	size_t l;
	uint32_t at = at_char(s, n, i, &l), first;
	for (int k = 0; w[k]; k++) {
		utf8_next(w[k], 4, &first);
		if (first == at && (*len = match_at(s, n, i, w[k])))
			return k;
	}
	*len = 0;
	return -1;
}

/* ---- bylines ------------------------------------------------------------*/

/* What a byline calls its people, longest first. */
static const char *const ROLES[] = {
	"特约评论员", "首席记者", "特约记者", "见习记者", "摄影记者",
	"评论员", "通讯员", "实习生", "撰稿人", "记者", NULL
};

/* Han characters of a name, and the middle dot of transcribed names. */
static int name_char(uint32_t uc)
{
	return utf8_is_han(uc) || uc == 0x00B7 || uc == 0x2022 ||
	       uc == 0x30FB || uc == 0xFF0E;
}

/* A separator between names: a space, 、, a line break. */
static int name_sep(uint32_t uc)
{
	return is_blank(uc) || uc == 0x3001;
}

/* The words of s[from..to), as a byline reads them: each a role with the
 * agency before it and maybe a name after ("新华社记者", "记者高雷"), or
 * a name (at most `most` Han characters; more with a middle dot).
 * Returns the number of roles, or -1 when a word is neither. */
static int words(const char *s, size_t from, size_t to, size_t most,
		 int *names)
{
	int roles = 0;
	*names = 0;
	for (size_t i = from; i < to;) {
		size_t len;
		uint32_t uc = at_char(s, to, i, &len);
		if (name_sep(uc)) {
			i += len;
			continue;
		}
		/* One word: name characters up to a separator. */
		size_t w = i, han = 0, dots = 0;
		int role = -1;
		size_t role_at = 0, after = 0;
		while (w < to) {
			uc = at_char(s, to, w, &len);
			if (name_sep(uc))
				break;
			if (!name_char(uc))
				return -1;
			size_t rl;
			int r = role < 0 ? word_at(s, to, w, ROLES, &rl) : -1;
			if (r >= 0) {
				role = r;
				role_at = han;
				w += rl;
				after = han = 0;
				continue;
			}
			if (utf8_is_han(uc))
				han++;
			else
				dots++;
			if (role >= 0)
				after++;
			w += len;
		}
		if (role >= 0) {
			/* an agency of at most 6 characters before the role,
			 * a name of at most 4 after it */
			if (role_at > 6 || after > 4)
				return -1;
			roles++;
			*names += after > 0;
		} else {
			if (!han || han > (dots ? 12 : most))
				return -1;
			(*names)++;
		}
		i = w;
	}
	return roles;
}

/* A byline's words: names of up to 4 Han characters (复姓, 欧阳修文)
 * after a role. */
static int byline_words(const char *s, size_t from, size_t to, int *names)
{
	return words(s, from, to, 4, names);
}

/* The longest byline looked at, in bytes: 60 characters (a closing
 * dateline's list of reporters is shorter).  Paragraphs are longer: they
 * are turned away before their words are read. */
enum { BYLINE_MAX = 3 * 60 };

/* Could s[0..n) hold a role word (记者, 通讯员, 评论员, 实习生, 撰稿人,
 * in either script), or 文/ of 文/张三?  One pass that turns most lines
 * away before their words are read. */
static int may_have_role(const char *s, size_t n)
{
	/* one pass: a role word's last two characters */
	uint32_t prev = 0, uc;
	for (size_t i = 0; i < n; prev = uc) {
		i += utf8_next(s + i, n - i, &uc);
		switch (uc) {
		case 0x8005: /* 者: 记者 */
			if (prev == 0x8BB0 || prev == 0x8A18)
				return 1;
			break;
		case 0x5458: /* 员: 通讯员, 评论员 */
		case 0x54E1:
			if (prev == 0x8BAF || prev == 0x8A0A || prev == 0x8BBA ||
			    prev == 0x8AD6)
				return 1;
			break;
		case 0x751F: /* 生: 实习生 */
			if (prev == 0x4E60 || prev == 0x7FD2)
				return 1;
			break;
		case 0x4EBA: /* 人: 撰稿人 */
			if (prev == 0x7A3F)
				return 1;
			break;
		case '/': /* 文/ */
		case 0xFF0F:
		case 0x00B7:
		case 0xFF5C:
			if (prev == 0x6587)
				return 1;
			break;
		}
	}
	return 0;
}

int cues_byline(const char *s, size_t n, struct cue_span *in)
{
	if (n > BYLINE_MAX || !may_have_role(s, n))
		return 0;
	size_t a = skip_spaces(s, n, 0), b = trim_end(s, n), len;
	uint32_t uc = at_char(s, b, a, &len);
	if (uc == 0x25A1 /* □ */ || uc == 0x25A0 /* ■ */)
		a = skip_spaces(s, b, a + len);
	uc = at_char(s, b, a, &len);
	if (is_open_paren(uc)) {
		uint32_t last;
		const char *p = utf8_prev(s + b, s + a, &last);
		if (!p || !is_close_paren(last))
			return 0;
		a += len;
		b = (size_t)(p - s);
	}
	if (a >= b)
		return 0;
	in->at = a;
	in->len = b - a;
	/* 文/张三, 文·张三 */
	static const char *const wen[] = { "文/", "文／", "文·", "文｜",
					   NULL };
	size_t wl;
	int names, k = word_at(s, b, a, wen, &wl);
	if (k >= 0)
		return byline_words(s, a + wl, b, &names) == 0 &&
		       names >= 1 && names <= 4;
	if (ends_with(s, b, "摄"))
		return 0; /* a photo's credit */
	int roles = byline_words(s, a, b, &names);
	return roles >= 1 && names <= 16;
}

/* The commonest surnames (about 190, which most people bear), in both
 * scripts, sorted: a name alone, with no role before it to vouch for it,
 * starts with one ("周建军", "林　岚"), where a headline's last word
 * seldom does ("故事", "启动"). */
static const uint32_t SURNAMES[] = {
	0x4E01, 0x4E07, 0x4E25, 0x4E54, 0x4E8E, 0x4ED8, 0x4EFB, 0x4F0D,
	0x4F55, 0x4F59, 0x4FAF, 0x4FDE, 0x502A, 0x5170, 0x5173, 0x5189,
	0x51AF, 0x51CC, 0x5218, 0x5289, 0x5305, 0x534E, 0x5355, 0x5362,
	0x53F2, 0x53F6, 0x5411, 0x5415, 0x5433, 0x5434, 0x5442, 0x5468,
	0x5510, 0x55AC, 0x55AE, 0x55BB, 0x56B4, 0x590F, 0x59DA, 0x59DC,
	0x5B54, 0x5B59, 0x5B5F, 0x5B63, 0x5B6B, 0x5B81, 0x5B89, 0x5B8B,
	0x5BE7, 0x5C1A, 0x5C39, 0x5CB3, 0x5D14, 0x5DE6, 0x5E38, 0x5E84,
	0x5E9E, 0x5EB7, 0x5ED6, 0x5F20, 0x5F35, 0x5F6D, 0x5F90, 0x6210,
	0x6234, 0x6587, 0x65B9, 0x65BD, 0x6613, 0x66F2, 0x66F9, 0x66FE,
	0x6731, 0x674E, 0x675C, 0x6768, 0x6797, 0x67EF, 0x67F3, 0x67F4,
	0x6881, 0x6885, 0x694A, 0x6A0A, 0x6B27, 0x6B50, 0x6B66, 0x6BB5,
	0x6BB7, 0x6BD5, 0x6BDB, 0x6C5F, 0x6C64, 0x6C6A, 0x6C88, 0x6D82,
	0x6E29, 0x6E38, 0x6E6F, 0x6F58, 0x7126, 0x718A, 0x725B, 0x738B,
	0x7518, 0x7530, 0x7533, 0x767D, 0x76DB, 0x76E7, 0x77F3, 0x7941,
	0x795D, 0x79E6, 0x7A0B, 0x7AE0, 0x7AE5, 0x7B26, 0x7BA1, 0x7EAA,
	0x7F57, 0x7FC1, 0x7FDF, 0x803F, 0x8042, 0x8076, 0x8096, 0x80E1,
	0x8212, 0x82CF, 0x82D7, 0x8303, 0x838A, 0x83AB, 0x8449, 0x845B,
	0x8463, 0x848B, 0x8499, 0x84DD, 0x8521, 0x856D, 0x859B, 0x85CD,
	0x8607, 0x862D, 0x8881, 0x88F4, 0x8983, 0x8A31, 0x8A79, 0x8B5A,
	0x8BB8, 0x8C22, 0x8C2D, 0x8C37, 0x8CC0, 0x8CC8, 0x8D3A, 0x8D3E,
	0x8D75, 0x8D99, 0x8DEF, 0x8F9B, 0x9093, 0x90A2, 0x90B1, 0x90B5,
	0x90B9, 0x90D1, 0x90DD, 0x90ED, 0x9112, 0x9127, 0x912D, 0x91D1,
	0x9322, 0x937E, 0x949F, 0x94B1, 0x9586, 0x95EB, 0x962E, 0x9646,
	0x9648, 0x9673, 0x9676, 0x9678, 0x96F7, 0x970D, 0x9773, 0x97CB,
	0x97D3, 0x97E6, 0x97E9, 0x984F, 0x9867, 0x987E, 0x989C, 0x9918,
	0x99AC, 0x99AE, 0x99F1, 0x9A6C, 0x9A86, 0x9AD8, 0x9B4F, 0x9B6F,
	0x9B91, 0x9C81, 0x9C8D, 0x9EC3, 0x9EC4, 0x9ECE, 0x9F50, 0x9F90,
	0x9F94, 0x9F99, 0x9F9A,
};

/* Two-character surnames. */
static const char *const COMPOUND[] = { "欧阳", "司马", "诸葛", "上官",
					"东方", "皇甫", "令狐", "慕容",
					"尉迟", "公孙", "夏侯", "司徒",
					"端木", NULL };

/* For array_lower_bound: SURNAMES[i] comes before the character at
 * `ctx`. */
static int surname_below(const void *ctx, size_t i)
{
	return SURNAMES[i] < *(const uint32_t *)ctx;
}

static int surname(const char *s, size_t n)
{
	size_t len;
	uint32_t uc = 0;
	utf8_next(s, n, &uc);
	size_t nsur = sizeof SURNAMES / sizeof SURNAMES[0];
	size_t i = array_lower_bound(0, nsur, surname_below, &uc);
	if (i < nsur && SURNAMES[i] == uc)
		return 1;
	return word_at(s, n, 0, COMPOUND, &len) >= 0;
}

int cues_names(const char *s, size_t n)
{
	if (n > BYLINE_MAX)
		return 0;
	/* Names alone, with no role to vouch for them: 2 or 3 characters
	 * each ("先进事迹" is no name), or one character a word where
	 * typesetting padded them ("林　岚"). */
	int names;
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0), han = 0, len;
	if (a >= b || words(s, a, b, 3, &names) || names < 1 || names > 12)
		return 0;
	int single = 1; /* every word one character: a padded name */
	for (size_t i = a; i < b; i += len) {
		uint32_t uc = at_char(s, b, i, &len);
		han += utf8_is_han(uc);
		if (utf8_is_han(uc) && i + len < b &&
		    utf8_is_han(at_char(s, b, i + len, &len)))
			single = 0;
		at_char(s, b, i, &len);
	}
	/* one character alone is no name; a name starts with a surname */
	if (han < 2 || !surname(s + a, b - a))
		return 0;
	return single ? 2 : 1;
}

/* ---- datelines ----------------------------------------------------------*/

static int agency_end(uint32_t uc)
{
	return uc == 0x793E /* 社 */ || uc == 0x62A5 /* 报 */ ||
	       uc == 0x7F51 /* 网 */ || uc == 0x53F0 /* 台 */;
}

/* The bracket that closes a dateline set in brackets: （本报讯）,
 * 〔记者…／台北报导〕, 【明报专讯】.  0 for any other character. */
static uint32_t bracket_close(uint32_t uc)
{
	switch (uc) {
	case 0xFF08: return 0xFF09; /* （） */
	case '(': return ')';
	case 0x3014: return 0x3015; /* 〔〕 */
	case 0x3010: return 0x3011; /* 【】 */
	case '[': return ']';
	}
	return 0;
}

static int is_bracket_close(uint32_t uc)
{
	return uc == 0xFF09 || uc == ')' || uc == 0x3015 || uc == 0x3011 ||
	       uc == ']';
}

/* "记者 NAMES 报道：" at s[i], or "记者 NAMES／PLACE 报导" as Taiwan papers
 * set it in brackets (〔记者李大华／台北报导〕): its end (after the colon,
 * before the bracket), the byline's span in `*by`, the place's in
 * `*place`; 0 when it is not there. */
static size_t reporter(const char *s, size_t n, size_t i, struct cue_span *by,
		       struct cue_span *place)
{
	if (!starts_with(s, n, i, "记者"))
		return 0;
	/* 报道 (or 报导) within 24 characters */
	size_t end = 0, rl = 0, len;
	for (size_t k = i, c = 0; k < n && c < 24; c++) {
		if ((rl = match_at(s, n, k, "报道")) ||
		    (rl = match_at(s, n, k, "报导"))) {
			end = k;
			break;
		}
		at_char(s, n, k, &len);
		k += len;
	}
	if (!rl)
		return 0;
	/* the names, then the place after a slash */
	size_t names_end = end, place_at = end;
	for (size_t k = i; k < end; k += len) {
		uint32_t c = at_char(s, end, k, &len);
		if (c == 0xFF0F || c == '/') {
			names_end = k;
			place_at = skip_spaces(s, end, k + len);
			break;
		}
	}
	int names;
	if (byline_words(s, i, names_end, &names) != 1 || names < 1)
		return 0;
	int slash = names_end < end;
	size_t place_len = slash ? trim_end(s, end) - place_at : 0;
	if (slash) {
		size_t chars = 0;
		for (size_t k = place_at; k < place_at + place_len;
		     k += len, chars++)
			if (!utf8_is_han(at_char(s, n, k, &len)))
				return 0;
		if (!chars || chars > 8)
			return 0;
	}
	uint32_t uc = at_char(s, n, end + rl, &len);
	size_t after;
	if (uc == 0xFF1A || uc == ':' || uc == 0xFF0C)
		after = end + rl + len;
	else if (slash && (is_bracket_close(uc) || is_blank(uc) ||
			   end + rl >= n))
		after = end + rl; /* its bracket closes it, or a space */
	else
		return 0;
	by->at = i;
	by->len = trim_end(s, names_end) - i;
	if (place)
		*place = (struct cue_span){ place_at, place_len };
	return after;
}

/* After 电 or 讯: may a dateline without a date end here? */
static int undated_end(const char *s, size_t n, size_t i)
{
	size_t len;
	uint32_t uc = at_char(s, n, i, &len);
	return i >= n || is_blank(uc) || is_open_paren(uc) ||
	       is_bracket_close(uc) || starts_with(s, n, i, "记者");
}

/* A byline right after the dateline: "（记者 高 蕾）" or " 记者张三报道：".
 * Extends dl->len over it. */
static void dateline_byline(const char *s, size_t n, struct dateline *dl)
{
	size_t i = skip_spaces(s, n, dl->len), len;
	uint32_t uc = at_char(s, n, i, &len);
	if (is_open_paren(uc)) {
		int depth = 0;
		for (size_t k = i; k < n;) {
			uint32_t c = at_char(s, n, k, &len);
			k += len;
			if (is_open_paren(c))
				depth++;
			else if (is_close_paren(c) && --depth == 0) {
				struct cue_span in;
				if (cues_byline(s + i, k - i, &in)) {
					dl->byline.at = i + in.at;
					dl->byline.len = in.len;
					dl->len = k;
				}
				return;
			}
		}
		return;
	}
	struct cue_span by;
	size_t end = reporter(s, n, i, &by, NULL);
	if (end) {
		dl->byline = by;
		dl->len = end;
	}
}

/* Could a dateline start s[0..n): 电, 讯 or 报道 (or their traditional
 * forms) within its first 48 characters?  Bytes only: most paragraphs are
 * turned away here. */
static int may_be_dateline(const char *s, size_t n)
{
	for (size_t i = 0, c = 0; i < n && c < 48; c++) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (uc == 0x7535 /* 电 */ || uc == 0x8BAF /* 讯 */ ||
		    uc == 0x96FB /* 電 */ || uc == 0x8A0A /* 訊 */ ||
		    uc == 0x62A5 /* 报 */ || uc == 0x5831 /* 報 */)
			return 1;
	}
	return 0;
}

/* The agency at s[i]: 2 to 6 Han characters, the shortest run ending in
 * 社, 报, 网 or 台 (新华社, 本报, 人民日报, 中新网); of 2 only 本报, 本台,
 * 本网 ("华社延安1月8日电" is the end of a wrapped "新华社…"), unless the
 * dateline is `bracketed` (【明报专讯】: no line wraps into it).  Returns
 * where it ends, or 0 when there is none. */
static size_t agency(const char *s, size_t n, size_t i, int bracketed)
{
	size_t chars = 0, len;
	uint32_t first = 0;
	while (i < n && chars < 6) {
		uint32_t uc = at_char(s, n, i, &len);
		if (uc == '\n' && chars) {
			i += len; /* "新华\n社": wrapped in a column */
			continue;
		}
		if (!utf8_is_han(uc))
			break;
		i += len;
		if (!chars++)
			first = uc;
		if (chars >= 2 && agency_end(uc) &&
		    (chars > 2 || bracketed || first == 0x672C /* 本 */))
			return i;
	}
	return 0;
}

/* A day without its month at s[j], as Taiwan's agency writes it
 * (台北7日电): one or two digits and 日, into `*d` (month 0); returns its
 * length, or 0. */
static size_t bare_day(const char *s, size_t n, size_t j, struct date *d)
{
	size_t k = j, len;
	int v = 0, digits = 0, x;
	while (digits < 2 && (x = dates_digit(at_char(s, n, k, &len))) >= 0) {
		v = v * 10 + x;
		digits++;
		k += len;
	}
	k = skip_spaces(s, n, k);
	if (!digits || v < 1 || v > 31 || at_char(s, n, k, &len) != 0x65E5)
		return 0; /* 日 */
	*d = (struct date){ 0, 0, v };
	return k + len - j;
}

/* A date with its day at s[j], then 电 or 讯, perhaps after 专, 零时, 晚
 * or 急 (专电, 零时电, 晚电): the date in `*d`, and returns where the 电
 * or 讯 ends; 0 when there is none.  A date not followed so is not the
 * dateline's. */
static size_t dispatch_date(const char *s, size_t n, size_t j,
			    struct date *d)
{
	size_t len, dlen = dates_parse(s + j, n - j, d);
	if (!dlen)
		dlen = bare_day(s, n, j, d);
	if (!dlen || !d->day)
		return 0;
	size_t k = skip_spaces(s, n, j + dlen);
	for (int extra = 0; extra < 3; extra++) {
		uint32_t uc = at_char(s, n, k, &len);
		if (uc != 0x4E13 && uc != 0x96F6 && uc != 0x65F6 &&
		    uc != 0x665A && uc != 0x6025)
			break;
		k += len;
	}
	uint32_t uc = at_char(s, n, k, &len);
	if (uc == 0x7535 /* 电 */ || uc == 0x8BAF /* 讯 */)
		return k + len;
	return 0;
}

/* The place at s[i], after the agency: Han characters up to the date (8
 * at most), or up to 电 or 讯 when no date is given.  Fills the place,
 * the date, the length and a byline after it in `*dl` and returns 1, or
 * returns 0 (`*dl` half filled). */
static int place_and_date(const char *s, size_t n, size_t i,
			  struct dateline *dl)
{
	size_t place = i, len;
	for (size_t chars = 0; chars <= 8; chars++) {
		size_t j = skip_spaces(s, n, i);
		struct date d;
		size_t end = dispatch_date(s, n, j, &d);
		if (end) {
			dl->date = d;
			dl->place = (struct cue_span){ place, i - place };
			dl->len = end;
			dateline_byline(s, n, dl);
			return 1;
		}
		uint32_t uc = at_char(s, n, j, &len);
		/* 专讯, 专电 with no date: 【明报专讯】 */
		size_t k = j + len, klen;
		if (uc == 0x4E13 && j == i) {
			uint32_t next = at_char(s, n, k, &klen);
			if ((next == 0x7535 || next == 0x8BAF) &&
			    undated_end(s, n, k + klen)) {
				dl->place = (struct cue_span){ place,
							       i - place };
				dl->len = k + klen;
				dateline_byline(s, n, dl);
				return 1;
			}
		}
		if ((uc == 0x7535 || uc == 0x8BAF) && j == i &&
		    undated_end(s, n, j + len)) {
			dl->place = (struct cue_span){ place, i - place };
			dl->len = j + len;
			dateline_byline(s, n, dl);
			return 1;
		}
		if (j == i + 1 && s[i] == '\n' && utf8_is_han(uc)) {
			i = j; /* a line break inside the place */
			chars--;
			continue;
		}
		if (j != i || !utf8_is_han(uc))
			break;
		i += len;
	}
	return 0;
}

/* A dateline at s[i] as cues_dateline reads one, `bracketed` when a
 * bracket opens it.  1 with `dl` filled, or 0 (`dl` half filled). */
static int dateline_at(const char *s, size_t n, size_t i, int bracketed,
		       struct dateline *dl)
{
	if (starts_with(s, n, i, "据"))
		i += 3;
	/* A dateline opens with 记者 or an agency: most paragraphs are
	 * turned away by their first few characters, before the longer look
	 * for 电, 讯 or 报道. */
	size_t start = i, after = 0;
	if ((!starts_with(s, n, i, "记者") &&
	     !(after = agency(s, n, i, bracketed))) ||
	    !may_be_dateline(s, n))
		return 0;
	/* 记者某某报道： with no agency before it, 记者某某／台北报导 */
	struct cue_span by;
	size_t end = reporter(s, n, i, &by, &dl->place);
	if (end) {
		dl->byline = by;
		dl->len = end;
		return 1;
	}
	if (!(i = after ? after : agency(s, n, i, bracketed)))
		return 0;
	dl->agency = (struct cue_span){ start, i - start };
	/* 本报记者张三报道： */
	if ((end = reporter(s, n, i, &by, &dl->place))) {
		dl->byline = by;
		dl->len = end;
		return 1;
	}
	if (!place_and_date(s, n, i, dl))
		return 0;
	/* 中央社记者王小明台北7日电: the reporter's name and the place run
	 * together, and no mark tells where one ends: no place */
	if (starts_with(s, n, dl->place.at, "记者"))
		dl->place.len = 0;
	return 1;
}

int cues_dateline(const char *s, size_t n, struct dateline *dl)
{
	memset(dl, 0, sizeof *dl);
	size_t i = skip_spaces(s, n, 0), len;
	uint32_t close = bracket_close(at_char(s, n, i, &len));
	if (!close) {
		if (dateline_at(s, n, i, 0, dl))
			return 1;
		memset(dl, 0, sizeof *dl);
		return 0;
	}
	/* In brackets, the text right after them: （中央社记者王小明台北7日电）,
	 * 〔记者李大华／台北报导〕, 【明报专讯】.  Alone, the brackets hold a
	 * closing dateline (cues_closing), not this. */
	if (dateline_at(s, n, i + len, 1, dl)) {
		size_t k = skip_spaces(s, n, dl->len);
		uint32_t uc = at_char(s, n, k, &len);
		if (uc == close && skip_spaces(s, n, k + len) < n) {
			dl->len = k + len;
			return 1;
		}
	}
	memset(dl, 0, sizeof *dl);
	return 0;
}

/* A headline is at most this many columns (40 Han). */
enum { HEAD_MAX_COLS = 80 };

/* The byte offset just after the parenthesis that closes the one at s[0],
 * or 0. */
static size_t paren_end(const char *s, size_t n)
{
	int depth = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (is_open_paren(uc))
			depth++;
		else if (is_close_paren(uc) && --depth == 0)
			return i;
	}
	return 0;
}

int cues_opening(const char *s, size_t n, struct opening *o)
{
	memset(o, 0, sizeof *o);
	if (!cues_dateline(s, n, &o->dl))
		return 0;
	size_t i = skip_spaces(s, n, o->dl.len);
	o->rest = i;
	o->head = n;
	if (i >= n)
		return 1;
	uint32_t last;
	utf8_prev(s + n, s + i, &last);
	if (is_close_paren(last)) {
		for (size_t k = i; k < n;) {
			size_t len;
			uint32_t uc = at_char(s, n, k, &len);
			if (is_open_paren(uc) && paren_end(s + k, n - k) == n - k) {
				o->head = k;
				break;
			}
			k += len;
		}
	}
	o->headline = o->head > i && !punct_ends_final(s + i, o->head - i) &&
		      !punct_has_stop(s + i, n - i) &&
		      width_str(s + i, o->head - i) <= HEAD_MAX_COLS;
	return 1;
}

size_t cues_closing(const char *s, size_t n, struct dateline *dl)
{
	size_t b = trim_end(s, n);
	uint32_t last;
	const char *p = utf8_prev(s + b, s, &last);
	if (!p || !is_close_paren(last))
		return (size_t)-1;
	size_t close = (size_t)(p - s);
	/* the parenthesis that opens it */
	int depth = 0;
	size_t open = (size_t)-1;
	for (const char *q = s + b; (q = utf8_prev(q, s, &last));) {
		if (is_close_paren(last))
			depth++;
		else if (is_open_paren(last) && --depth == 0) {
			open = (size_t)(q - s);
			break;
		}
	}
	if (open == (size_t)-1)
		return (size_t)-1;
	size_t len;
	at_char(s, n, open, &len);
	const char *in = s + open + len;
	size_t inlen = close - open - len;
	if (!cues_dateline(in, inlen, dl) || !dl->date.month)
		return (size_t)-1;
	size_t rest = skip_spaces(in, inlen, dl->len);
	struct cue_span by;
	if (rest < inlen) {
		if (!cues_byline(in + rest, inlen - rest, &by))
			return (size_t)-1;
		dl->byline = (struct cue_span){ rest + by.at, by.len };
		dl->len = inlen;
	}
	return open;
}

/* ---- photos, notes, numbering, ends -------------------------------------*/

int cues_credit(const char *s, size_t n)
{
	if (n > BYLINE_MAX)
		return 0;
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0);
	if (a >= b)
		return 0;
	if (starts_with(s, b, a, "图片来源") || starts_with(s, b, a, "摄影：") ||
	    starts_with(s, b, a, "摄影:"))
		return 1;
	static const char *const whole[] = { "（新华社发）", "(新华社发)",
					     "新华社发", "（资料图片）",
					     "(资料图片)", "资料图片", NULL };
	for (int k = 0; whole[k]; k++)
		if (b - a == strlen(whole[k]) && starts_with(s, b, a, whole[k]))
			return 1;
	/* NAME摄, 新华社记者 张三摄, （新华社记者 张三摄） */
	size_t end = b;
	uint32_t last;
	const char *p = utf8_prev(s + end, s + a, &last);
	if (p && is_close_paren(last)) {
		end = (size_t)(p - s);
		uint32_t first;
		size_t len;
		first = at_char(s, b, a, &len);
		if (!is_open_paren(first))
			return 0;
		a += len;
	}
	if (!ends_with(s + a, end - a, "摄") || ends_with(s + a, end - a, "拍摄"))
		return 0; /* 拍摄, the verb */
	end = trim_end(s, end - 3);
	if (end <= a || end - a > 3 * 20)
		return 0;
	int names;
	return byline_words(s, a, end, &names) >= 0 && names >= 1;
}

int cues_photo_title(const char *s, size_t n)
{
	size_t b = trim_end(s, n);
	uint32_t last;
	const char *p = utf8_prev(s + b, s, &last);
	if (!p || !is_close_paren(last))
		return 0;
	/* back to the opening parenthesis */
	const char *q = p;
	while ((q = utf8_prev(q, s, &last)) && !is_open_paren(last))
		if ((size_t)(p - q) > 3 * 8)
			return 0;
	if (!q)
		return 0;
	size_t at = (size_t)(q - s) + (last == '(' ? 1 : 3);
	size_t in = (size_t)(p - s) - at;
	const char *t = s + at;
	static const char *const whole[] = { "图片", "附图", "组图", "照片",
					     "图", NULL };
	for (int k = 0; whole[k]; k++)
		if (match_at(t, in, 0, whole[k]) == in)
			return 1;
	/* 附图片2张, 附图片两张, 附照片3张 */
	return in > 12 && (match_at(t, in, 0, "附图片") ||
			   match_at(t, in, 0, "附照片")) &&
	       ends_with(t, in, "张");
}

int cues_photo_mark(const char *s, size_t n)
{
	size_t a = skip_spaces(s, n, 0), len;
	if (a >= n || !is_open_paren(at_char(s, n, a, &len)))
		return 0;
	/* no other opening parenthesis: cues_photo_title's is this one */
	for (size_t i = a + len; i < n; i += len)
		if (is_open_paren(at_char(s, n, i, &len)))
			return 0;
	return cues_photo_title(s + a, n - a);
}

int cues_caption(const char *s, size_t n)
{
	/* the first photo of an item, or its only one */
	static const char *const first[] = {
		"图片：", "图片:", "图为", "上图：", "左图：", "上图为", "左图为",
		"上图:", "图一：", "图①", "题图：", NULL
	};
	/* a further photo of the same item */
	static const char *const more[] = {
		"下图：", "右图：", "下图为", "右图为", "下图:", "图二：",
		"图三：", "图四：", "图②", "图③", "图④", "图⑤", "图⑥", NULL
	};
	size_t a = skip_spaces(s, n, 0), len;
	uint32_t uc = at_char(s, n, a, &len);
	if (uc != 0x56FE /* 图 */ && uc != 0x4E0A /* 上 */ &&
	    uc != 0x4E0B /* 下 */ && uc != 0x5DE6 /* 左 */ &&
	    uc != 0x53F3 /* 右 */ && uc != 0x9898 /* 题 */)
		return 0;
	if (word_at(s, n, a, more, &len) >= 0)
		return 2;
	return word_at(s, n, a, first, &len) >= 0;
}

size_t cues_note(const char *s, size_t n)
{
	static const char *const marks[] = { "【编者按】", "【编者的话】",
					     "编者按", "编者的话", "编辑的话",
					     "编者附言", "编前", "编后",
					     NULL };
	size_t a = skip_spaces(s, n, 0), b = trim_end(s, n), len;
	uint32_t first = at_char(s, b, a, &len);
	if (first != 0x7F16 /* 编 */ && first != 0x3010 /* 【 */)
		return 0;
	size_t ml;
	int k = word_at(s, b, a, marks, &ml);
	if (k < 0)
		return 0;
	size_t i = a + ml;
	if (i >= b)
		return n; /* the mark alone */
	if (marks[k][0] == '\xE3') /* 【…】: anything may follow */
		return i;
	uint32_t uc = at_char(s, b, i, &len);
	if (uc == 0xFF1A || uc == ':' || uc == 0x3011 || is_blank(uc))
		return i + len;
	return 0;
}

int cues_numbered(const char *s, size_t n)
{
	size_t a = skip_spaces(s, n, 0), len, l2;
	uint32_t uc = at_char(s, n, a, &len);
	/* bullets */
	if (uc == 0x25A0 || uc == 0x25A1 || uc == 0x25CF || uc == 0x25CB ||
	    uc == 0x25C6 || uc == 0x25C7 || uc == 0x25B2 || uc == 0x25B3 ||
	    uc == 0x2605 || uc == 0x2606 || uc == 0x25BA || uc == 0x25B6)
		return 1;
	if (uc >= 0x2460 && uc <= 0x2473) /* ①..⑳ */
		return 1;
	/* （一）, (1) */
	if (is_open_paren(uc)) {
		size_t i = a + len, k = 0;
		uint32_t c;
		while ((c = at_char(s, n, i, &l2)) && k < 3 &&
		       (dates_chinese_digit(c) >= 0 || (c >= '0' && c <= '9') ||
			(c >= 0xFF10 && c <= 0xFF19) || c == 0x5341)) {
			i += l2;
			k++;
		}
		return k >= 1 && is_close_paren(at_char(s, n, i, &l2));
	}
	/* 一、, 十二、, 1. 1、 1．  (not 1.5) */
	size_t i = a, k = 0;
	int digits = 0;
	uint32_t c;
	while ((c = at_char(s, n, i, &l2)) && k < 3 &&
	       (dates_chinese_digit(c) >= 1 || c == 0x5341 ||
		(c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19))) {
		digits |= c < 0x80 || c >= 0xFF10;
		i += l2;
		k++;
	}
	if (k) {
		c = at_char(s, n, i, &l2);
		if (c == 0x3001 /* 、 */)
			return 1;
		if (digits && (c == '.' || c == 0xFF0E)) {
			uint32_t d = at_char(s, n, i + l2, &l2);
			return !(d >= '0' && d <= '9');
		}
		return 0;
	}
	/* 第一, 第二… followed by a separator */
	if (starts_with(s, n, a, "第")) {
		c = at_char(s, n, a + 3, &l2);
		if (dates_chinese_digit(c) >= 1 || c == 0x5341) {
			uint32_t d = at_char(s, n, a + 3 + l2, &len);
			return d == 0xFF0C || d == 0x3001 || d == 0xFF1A ||
			       is_blank(d);
		}
	}
	return 0;
}

int cues_end_mark(const char *s, size_t n)
{
	size_t b = trim_end(s, n);
	return ends_with(s, b, "（完）") || ends_with(s, b, "(完)") ||
	       ends_with(s, b, "（全文完）") || ends_with(s, b, "【完】");
}

/* Three short fields or more (10 characters at most: "-26℃～-15℃"),
 * set apart by gaps `gap` columns wide or more (U+3000 counts 2, a space
 * 1, a line break 2), two of the gaps inside a line, a digit among
 * them (and, where single spaces part them, no mark of a clause or a
 * sentence): a row of a table, or rows (a weather box, a list of
 * results), not a paragraph. */
static int fields_row(const char *s, size_t n, int gap)
{
	int fields = 0, gaps = 0, digit = 0;
	int blank = 2, brk = 0; /* of the gap so far: width, a line break */
	size_t len = 0; /* of the field so far */
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (uc == 0x3000 || uc == ' ' || uc == '\n') {
			blank += uc == ' ' ? 1 : 2;
			brk |= uc == '\n';
			continue;
		}
		if (blank >= gap) {
			gaps += fields && !brk;
			fields++, len = 0;
		}
		blank = brk = 0;
		if (++len > 10 ||
		    (gap < 2 && (punct_is_clause(uc) || punct_is_stop(uc))))
			return 0;
		digit |= dates_digit(uc) >= 0;
	}
	return fields >= 3 && gaps >= 2 && digit;
}

/* A row of a table: its fields set apart by wide gaps, or, where a dump
 * folded them to one space (北京 晴 -9℃～1℃), by single spaces. */
int cues_table_row(const char *s, size_t n)
{
	return fields_row(s, n, 2) || fields_row(s, n, 1);
}

int cues_author_note(const char *s, size_t n)
{
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0);
	if (!punct_parenthesised(s + a, b - a))
		return 0;
	size_t in = starts_with(s, b, a, "（") ? a + strlen("（") : a + 1;
	in = skip_spaces(s, b, in);
	static const char *const says[] = { "作者为", "作者系", "作者是",
					    "作者单位", NULL };
	for (const char *const *w = says; *w; w++)
		if (starts_with(s, b, in, *w))
			return 1;
	return 0;
}

int cues_doc_number(const char *s, size_t n)
{
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0), len;
	if (a >= b || b - a > 3 * 20)
		return 0;
	/* 〔2000〕第十二号, 国发〔2022〕5号, （2000年第12号） */
	int bracket = 0;
	for (size_t i = a; i < b; i += len) {
		uint32_t uc = at_char(s, b, i, &len);
		if (uc == 0x3014 /* 〔 */ || uc == '[' || uc == 0x3010)
			bracket = 1;
		else if (punct_is_stop(uc) || uc == 0xFF0C)
			return 0;
	}
	size_t e = b;
	uint32_t last;
	const char *p = utf8_prev(s + e, s + a, &last);
	if (p && is_close_paren(last))
		e = (size_t)(p - s);
	return bracket && ends_with(s + a, e - a, "号");
}

int cues_kicker_end(const char *s, size_t n)
{
	static const char *const verbs[] = { "强调", "指出", "表示", "要求",
					     "时说", "寄语", "致辞", "提出",
					     "时指出", "宣布", NULL };
	size_t b = trim_end(s, n);
	uint32_t uc;
	const char *p;
	while ((p = utf8_prev(s + b, s, &uc)) && (punct_is_closer(uc) ||
						  uc == 0xFF1A || uc == ':'))
		b = (size_t)(p - s);
	for (int k = 0; verbs[k]; k++)
		if (ends_with(s, b, verbs[k]))
			return 1;
	return 0;
}

/* ---- furniture -----------------------------------------------------------*/

/* A web page's button or label copied with its text, at s[i]: a word or
 * a few in 【】 or [], at most 8 characters, no sentence in it (【打印】,
 * 【字号 大 中 小】, [关闭]).  The bytes it spans, or 0. */
static size_t button_at(const char *s, size_t n, size_t i)
{
	size_t len, k, chars = 0;
	uint32_t open = at_char(s, n, i, &len), close, uc;
	if (open != 0x3010 /* 【 */ && open != '[')
		return 0;
	close = open == '[' ? ']' : 0x3011;
	for (k = i + len; k < n && (uc = at_char(s, n, k, &len)) != close;
	     k += len) {
		if (is_blank(uc))
			continue;
		if (!utf8_is_han(uc) || ++chars > 8)
			return 0;
	}
	return k < n && chars ? k + len - i : 0;
}

int cues_buttons(const char *s, size_t n)
{
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0), g;
	int groups = 0;
	while (a < b && (g = button_at(s, b, a))) {
		groups++;
		a = skip_spaces(s, b, a + g);
	}
	return a == b && groups >= 2;
}

/* The editors' words at s[a] (after an opening bracket), their label's
 * colon or a space after them. */
static int editor_at(const char *s, size_t n, size_t a)
{
	static const char *const lead[] = {
		"本版责编", "责任编辑", "本版编辑", "本版主编", "本版策划",
		"本版统筹", "本版制图", "版式设计", "美术编辑", "图表制作",
		"责编", "本版审校", "校对", "值班编辑", "编辑", NULL
	};
	size_t len;
	uint32_t uc = at_char(s, n, a, &len);
	if (is_open_paren(uc) || uc == 0x3010 /* 【 */)
		a += len;
	/* the words start with 本 责 版 美 图 校 值 编 */
	uc = at_char(s, n, a, &len);
	if (uc != 0x672C && uc != 0x8D23 && uc != 0x7248 && uc != 0x7F8E &&
	    uc != 0x56FE && uc != 0x6821 && uc != 0x503C && uc != 0x7F16)
		return 0;
	size_t wl;
	int w = word_at(s, n, a, lead, &wl);
	if (w < 0)
		return 0;
	uc = at_char(s, n, a + wl, &len);
	/* 编辑 alone, a common word, only as a label: （編輯：李大同）, the
	 * line a news agency's item ends with */
	if (!strcmp(lead[w], "编辑"))
		return uc == 0xFF1A || uc == ':';
	return uc == 0xFF1A || uc == ':' || is_blank(uc);
}

int cues_editor(const char *s, size_t n)
{
	if (n > 3 * 40)
		return 0;
	if (editor_at(s, n, 0))
		return 1;
	/* after a web page's buttons: 【纠错】　责任编辑：… */
	size_t a = 0, g;
	while ((g = button_at(s, n, a)))
		a = skip_spaces(s, n, a + g);
	return a > 0 && a < n && editor_at(s, n, a);
}

int cues_page_number(const char *s, size_t n)
{
	size_t digits = 0, other = 0;
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t uc = at_char(s, n, i, &len);
		i += len;
		if (dates_digit(uc) >= 0)
			digits++;
		else if (!(uc == 0x7B2C /* 第 */ || uc == 0x9875 /* 页 */ ||
			   uc == 0x5171 /* 共 */ || uc == '-' || uc == 0x2014 ||
			   uc == '/' || is_blank(uc)))
			other++;
	}
	return digits >= 1 && digits <= 6 && !other;
}

/* 第 N 版, N版: the page, as numbered (digits, maybe a letter first, or
 * Chinese numerals).  Returns the bytes it spans from `i`, the number's
 * span in `*num`. */
static size_t page_at(const char *s, size_t n, size_t i, struct cue_span *num)
{
	size_t k = i, len;
	int di = starts_with(s, n, k, "第");
	if (di)
		k = skip_spaces(s, n, k + 3);
	size_t from = k;
	uint32_t uc = at_char(s, n, k, &len);
	if ((uc >= 'A' && uc <= 'Z') || (uc >= 0xFF21 && uc <= 0xFF3A))
		k += len;
	size_t digits = 0;
	while ((uc = at_char(s, n, k, &len)) &&
	       (dates_digit(uc) >= 0 ||
		(di && (dates_chinese_digit(uc) >= 0 || uc == 0x5341)))) {
		k += len;
		digits++;
	}
	if (!digits || digits > 3)
		return 0;
	size_t to = k;
	k = skip_spaces(s, n, k);
	if (!starts_with(s, n, k, "版"))
		return 0;
	num->at = from;
	num->len = to - from;
	return k + 3 - i;
}

int cues_page_ref(const char *s, size_t n)
{
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0), han = 0, len;
	if (a >= b || b - a > 3 * 30)
		return 0;
	/* it ends in 版 or a digit */
	if (!ends_with(s, b, "版") && !(s[b - 1] >= '0' && s[b - 1] <= '9') &&
	    !(b >= 3 && !memcmp(s + b - 3, "\xEF\xBC", 2) &&
	      (unsigned char)s[b - 1] >= 0x90 && (unsigned char)s[b - 1] <= 0x99))
		return 0;
	/* where the entry's words end: a run of dots, spaces, or 第 */
	size_t end = b, i;
	const char *p = s + b;
	uint32_t uc;
	int digits = 0;
	while ((p = utf8_prev(p, s + a, &uc)) &&
	       dates_digit(uc) >= 0)
		end = (size_t)(p - s), digits++;
	if (digits) {
		/* "……12", "···· 12" */
		size_t dots = 0;
		while ((p = utf8_prev(s + end, s + a, &uc)) &&
		       (uc == 0x2026 || uc == 0x00B7 || uc == '.' ||
			uc == 0x22EF || is_blank(uc))) {
			dots += !is_blank(uc);
			end = (size_t)(p - s);
		}
		if (dots < 2)
			return 0;
	} else {
		/* "要闻　第 1 版" */
		for (i = a; i < b; i += len) {
			struct cue_span num;
			size_t pl = page_at(s, b, i, &num);
			if (pl && i + pl == b)
				break;
			at_char(s, b, i, &len);
		}
		if (i >= b)
			return 0;
		end = i;
	}
	for (i = a; i < end; i += len) {
		uc = at_char(s, end, i, &len);
		if (utf8_is_han(uc))
			han++;
		else if (punct_is_stop(uc) || punct_is_clause(uc))
			return 0;
	}
	return han >= 1;
}

/* ---- issue lines --------------------------------------------------------*/

/* A word of Han characters at s[i] of an issue line ending at b, up to
 * its date (at dat), a weekday or a page: the paper's name when it ends
 * like one (人民日报, 文汇报) and none was named, else the page's name
 * (要闻), whose characters are added to `*free_han`.  Returns where the
 * word ends. */
static size_t issue_word(const char *s, size_t b, size_t i, size_t dat,
			 struct issue *is, size_t *free_han)
{
	size_t k = i, h = 0, len, wl;
	uint32_t c = 0, prev = 0;
	while (k < b && utf8_is_han(c = at_char(s, b, k, &len))) {
		if (k == dat)
			break;
		if (dates_weekday_name(s + k, b - k, &wl) >= 0)
			break;
		struct cue_span tmp;
		if (page_at(s, b, k, &tmp))
			break;
		prev = c;
		k += len;
		h++;
	}
	/* a date's label right before it: 日期：2001-01-01, 【日期】… */
	static const char *const labels[] = { "日期", "出版日期", "发布日期",
					      "发表日期", "刊期", NULL };
	size_t wl2, after = k;
	uint32_t c2 = after < b ? at_char(s, b, after, &len) : 0;
	if (c2 == 0xFF1A || c2 == ':' || c2 == 0x3011)
		after = skip_spaces(s, b, after + len);
	if (after == dat && after > k && word_at(s, b, i, labels, &wl2) >= 0 &&
	    i + wl2 == k) {
		is->labelled = 1;
	} else if (!is->paper.len && agency_end(prev) && h >= 2 && h <= 8) {
		is->paper = (struct cue_span){ i, k - i };
	} else if (is->paper.len && agency_end(prev) && h >= 2 && h <= 8 &&
		   is->source &&
		   i - (is->paper.at + is->paper.len) <= 3) {
		/* a second source after 来源, a hyphen between: 人民网－人民日报,
		 * the paper named both */
		is->paper.len = k - is->paper.at;
	} else {
		*free_han += h;
	}
	return k;
}

/* One piece of an issue line at s[i] (the line ends at b, its date `d`
 * stands at dat; `d` NULL and dat (size_t)-1 when it has none): a separator, the weekday (which must agree with the
 * date), the page, the paper's name in 《》, 来源, a word, an edition's
 * number or code.  Notes what it is in `*is`, adds the characters that
 * are none of these to `*free_han`, and returns where the piece ends; 0
 * when it cannot be in an issue line (sentence punctuation, quotes, a
 * weekday the date does not fall on): the line is text. */
static size_t issue_piece(const char *s, size_t b, size_t i, size_t dat,
			  const struct date *d, struct issue *is,
			  size_t *free_han)
{
	size_t len, wl, pl;
	uint32_t uc = at_char(s, b, i, &len);
	int wd;
	struct cue_span num;
	if (is_blank(uc) || is_open_paren(uc) || is_close_paren(uc) ||
	    uc == 0x3010 || uc == 0x3011 || uc == 0xFF1A || uc == ':' ||
	    uc == '-' || uc == 0xFF0D || uc == 0x2014 || uc == '|' ||
	    uc == 0xFF5C || uc == 0x00B7)
		return i + len;
	if ((wd = dates_weekday_name(s + i, b - i, &wl)) >= 0) {
		if (d && wd != dates_weekday(d->year, d->month, d->day))
			return 0;
		is->weekday = 1;
		return i + wl;
	}
	if ((pl = page_at(s, b, i, &num))) {
		is->page = num;
		return i + pl;
	}
	if (uc == 0x300A /* 《 */) {
		size_t k = i + len, from = k;
		uint32_t c;
		while (k < b && (c = at_char(s, b, k, &len)) != 0x300B)
			k += len;
		if (k >= b || k == from || k - from > 3 * 12)
			return 0;
		is->paper = (struct cue_span){ from, k - from };
		return k + len;
	}
	if (starts_with(s, b, i, "来源")) {
		is->source = 1;
		return i + match_at(s, b, i, "来源");
	}
	if (utf8_is_han(uc))
		return issue_word(s, b, i, dat, is, free_han);
	if ((uc >= '0' && uc <= '9') || (uc >= 'A' && uc <= 'Z') ||
	    (uc >= 'a' && uc <= 'z')) {
		++*free_han;
		return i + len; /* an edition number, a page's code */
	}
	return 0; /* sentence punctuation, quotes: text */
}

int cues_issue(const char *s, size_t n, struct issue *is)
{
	memset(is, 0, sizeof *is);
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0);
	if (a >= b || b - a > 3 * 40)
		return 0;
	/* a whole date: 年, or digits with separators (2025-10-20), or 8 */
	size_t digits = 0;
	for (size_t i = a; i < b; i++)
		digits += s[i] >= '0' && s[i] <= '9';
	if (!memmem(s + a, b - a, "年", 3) && digits < 6)
		return 0;
	struct date d;
	size_t dat, dlen;
	if (!dates_find_full(s + a, b - a, &d, &dat, &dlen))
		return 0;
	dat += a;
	size_t free_han = 0;
	for (size_t i = a; i < b;) {
		if (i == dat) {
			i += dlen;
			continue;
		}
		if (!(i = issue_piece(s, b, i, dat, &d, is, &free_han)))
			return 0;
	}
	if (free_han > 8)
		return 0;
	is->date = d;
	int paper = is->paper.len > 0;
	/* a date labelled is the article's under its headline, as a
	 * source line is */
	is->source = (is->source && paper) || (paper && is->page.len &&
					       !is->weekday) || is->labelled;
	return is->weekday || is->page.len || paper || is->labelled;
}

int cues_running_head(const char *s, size_t n, struct cue_span *page)
{
	struct issue is;
	memset(&is, 0, sizeof is);
	size_t b = trim_end(s, n), a = skip_spaces(s, b, 0), free_han = 0;
	/* the page, 第N版, is needed: most lines have no 版 */
	if (a >= b || b - a > 3 * 40 || !memmem(s + a, b - a, "版", 3))
		return 0;
	for (size_t i = a; i < b;)
		if (!(i = issue_piece(s, b, i, (size_t)-1, NULL, &is,
				      &free_han)))
			return 0;
	if (!is.paper.len || !is.page.len || free_han > 8)
		return 0;
	if (page)
		*page = is.page;
	return 1;
}

int cues_couplet(const char *s, size_t n)
{
	size_t len[3] = { 0 }, k = 0;
	int sep = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (utf8_is_han(uc) || (uc < 0x80 && uc > ' ')) {
			len[k]++;
			sep = 0;
		} else if (utf8_is_space(uc) || uc == 0xFF0C || uc == 0x00B7 ||
			   uc == ',') {
			if (!sep && len[k]) {
				if (++k == 3)
					return 0;
				sep = 1;
			}
		} else if (!punct_is_closer(uc) && !punct_is_opener(uc)) {
			return 0;
		}
	}
	if (sep)
		k--;
	return k == 1 && len[0] >= 4 && len[1] >= 4 &&
	       len[0] <= len[1] + 2 && len[1] <= len[0] + 2;
}
