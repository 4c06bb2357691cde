/* punct: the classes of punctuation Chinese text is read by, in one place
 * for every module that asks (the builder's rules, the reader's sentence
 * ends).  Full-width and ASCII forms belong to the same classes. */
#ifndef KANBAO_PUNCT_H
#define KANBAO_PUNCT_H

#include <stddef.h>
#include <stdint.h>

/* Ends a sentence: 。！？． … and ASCII ! ? . */
int punct_is_stop(uint32_t uc);

/* Stands inside a sentence, between clauses: ，、；： and ASCII , ; : */
int punct_is_clause(uint32_t uc);

/* Closes a quotation or bracket: ” ’ ） 」 』 》 〉 〕 】 〗 and ASCII ) ] " ' */
int punct_is_closer(uint32_t uc);

/* Opens one: “ ‘ （ 「 『 《 〈 〔 【 〖 and ASCII ( [ */
int punct_is_opener(uint32_t uc);

/* The full-width punctuation a small form (﹐﹑﹒﹔﹕﹖﹗, left by Big5
 * conversion) or a vertical presentation form (︰︐︑︒…, ︵︶…) stands
 * for: ﹐ -> ，, ︰ -> ：, ﹁ -> 「.  0 for any other character. */
uint32_t punct_small_form(uint32_t uc);

/* The last character of n bytes of s that is not a closer (nor a space),
 * 0 when there is none; `*closed` (when not NULL) says whether closers
 * came after it. */
uint32_t punct_last(const char *s, size_t n, int *closed);

/* Is the text one parenthesis from start to end: "（…）", "(…)"? */
int punct_parenthesised(const char *s, size_t n);

/* Does the text end a sentence, seen through closing quotes and brackets:
 * its last character is a stop (。！？…), or it is one parenthesis from
 * start to end? */
int punct_ends_stop(const char *s, size_t n);

/* Does a sentence end anywhere in the text: 。！？ (or ! ?)? */
int punct_has_stop(const char *s, size_t n);

/* The same, counting ； ： — as ends too: where a paragraph may end in
 * print.  The hard-wrapped rules are measured on this. */
int punct_ends_final(const char *s, size_t n);

#endif
