/* mkhostile: writes a corpus whose text holds what must never reach a
 * terminal raw (escape sequences, OSC 52 clipboard writes, title changes,
 * C0 and C1 controls, DEL, bidi overrides, invisible format characters),
 * straight through the corpus writer, as a forged corpus would: the reader
 * must defend itself, not rely on the builder.
 *
 * usage: mkhostile OUT.kb */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"

static const char *const hostile[] = {
	"剪贴板\x1b]52;c;cHduZWQ=\x07写入",
	"标题\x1b]0;pwned\x07改变",
	"清屏\x1b[2J\x1b[31mred\x1b[0m颜色",
	"八位\xc2\x9b" "31m控制\xc2\x9d" "0;x\xc2\x9c字符",
	"响铃\x07退格\x08回车\r删除\x7f空\x01字",
	"方向\xe2\x80\xae" "cba\xe2\x80\xac隔离\xe2\x81\xa6" "x\xe2\x81\xa9看不见\xe2\x80\x8b\xef\xbb\xbf的",
};

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: mkhostile OUT.kb\n", stderr);
		return 2;
	}
	enum { N = sizeof hostile / sizeof hostile[0] };
	struct article a[2];
	memset(a, 0, sizeof a);
	a[0].title = strdup("恶意\x1b]0;pwned\x07标题\x1b[2J");
	a[0].source = strdup("新华社\x1b[5m");
	a[0].byline = strdup("记者\xe2\x80\xae 某");
	a[0].page = strdup("4\x1b[7m\xc2\x9b");
	a[0].date = 20240101;
	for (int i = 0; i < N; i++)
		article_add_block(&a[0], i == 2 ? BLOCK_HEAD : BLOCK_PARA,
				  strdup(hostile[i]));
	a[1].title = strdup("普通文章");
	article_add_block(&a[1], BLOCK_PARA, strdup("没有问题的一段文字。"));
	struct err e = { 0 };
	int rc = corpus_write(argv[1], a, 2, NULL, &e) != ERR_OK;
	if (rc)
		fprintf(stderr, "mkhostile: %s\n", e.msg);
	article_free(&a[0]);
	article_free(&a[1]);
	return rc;
}
