/* shell_ast.c - constructors for the shell AST, called by the grammar actions (grammar/shell.y)
 * and the lexer. All nodes come from the parser's arena; every function accepts NULL inputs
 * (left behind by an out-of-memory arena or an error) and stays consistent. */
#include "shell.h"

/* The lemon token header of grammar/shell.y (same base name as this module's header). */
#include "../gen/shell.h"

static void andor_fix(sf__sh_andor *ao);
static void pipeline_fix(sf__sh_pipeline *pl);
static void redirs_fix(sf__sh_cmd *c);

/* Grow span a to cover b (an empty b is ignored). */
static void span_join(sf__span *a, sf__span b)
{
    if (b.start == b.end && b.start == 0)
        return;
    if (a->start == a->end && a->start == 0) {
        *a = b;
        return;
    }
    if (b.start < a->start)
        a->start = b.start;
    if (b.end > a->end)
        a->end = b.end;
}

sf__sh_part *sf__sh_part_new(sf__shp *p, sf__sh_part_kind k, uint32_t start, uint32_t end)
{
    sf__sh_part *pt = sf__sh_alloc(p->a, sizeof(*pt));

    if (!pt)
        return NULL;
    pt->kind = k;
    pt->span.start = sf__shp_off(p, start);
    pt->span.end = sf__shp_off(p, end);
    pt->op = "";
    return pt;
}

sf__sh_word *sf__sh_word_new(sf__shp *p, uint32_t start)
{
    sf__sh_word *w = sf__sh_alloc(p->a, sizeof(*w));

    if (!w)
        return NULL;
    w->span.start = w->span.end = sf__shp_off(p, start);
    return w;
}

sf__sh_list *sf__sh_list_new(sf__shp *p)
{
    return sf__sh_alloc(p->a, sizeof(sf__sh_list));
}

sf__sh_list *sf__sh_list_add(sf__shp *p, sf__sh_list *l, sf__sh_andor *ao)
{
    SF_UNUSED(p);
    if (!l || !ao)
        return l;
    /* Lists under construction are circular: l->items is the LAST item, whose next is the
     * first; list_fix() unrolls them once complete. The and-or is complete now. */
    andor_fix(ao);
    if (!l->items) {
        ao->next = ao;
    } else {
        ao->next = l->items->next;
        l->items->next = ao;
    }
    l->items = ao;
    l->nitems++;
    span_join(&l->span, ao->span);
    return l;
}

/* The separator after the last item added. */
void sf__sh_list_sep(sf__sh_list *l, const sf__sh_tok *sep)
{
    sf__sh_andor *last;

    if (!l || !l->items)
        return;
    last = l->items;
    last->sep_span = sep->span;
    last->sep = sep->kind == SF_SHT_SEMI ? SF_SH_SEP_SEMI
              : sep->kind == SF_SHT_AMP ? SF_SH_SEP_AMP : SF_SH_SEP_NEWLINE;
}

/* Turn a circular building list into a NULL-terminated one. Called exactly once per list. */
static sf__sh_list *list_fix(sf__sh_list *l)
{
    sf__sh_andor *last;

    if (!l || !l->items)
        return l;
    last = l->items;
    if (!last->next)          /* single item already fixed or never circular */
        return l;
    l->items = last->next;
    last->next = NULL;
    return l;
}

sf__sh_andor *sf__sh_andor_new(sf__shp *p, sf__sh_pipeline *pl)
{
    sf__sh_andor *ao = sf__sh_alloc(p->a, sizeof(*ao));

    if (!ao)
        return NULL;
    if (pl) {
        pipeline_fix(pl);
        ao->pipes = pl;
        ao->npipes = 1;
        ao->span = pl->span;
        pl->next = pl;        /* circular while building: pipes = last */
    }
    return ao;
}

sf__sh_andor *sf__sh_andor_add(sf__shp *p, sf__sh_andor *ao, sf__sh_ao_op op,
                               const sf__sh_tok *optok, sf__sh_pipeline *pl)
{
    SF_UNUSED(p);
    if (!ao || !pl)
        return ao;
    pipeline_fix(pl);
    pl->op = op;
    pl->op_span = optok->span;
    if (!ao->pipes) {
        pl->next = pl;
    } else {
        pl->next = ao->pipes->next;
        ao->pipes->next = pl;
    }
    ao->pipes = pl;
    ao->npipes++;
    span_join(&ao->span, pl->span);
    return ao;
}

/* Unroll an and-or's circular pipeline list. */
static void andor_fix(sf__sh_andor *ao)
{
    sf__sh_pipeline *last = ao->pipes;

    if (!last || !last->next)
        return;
    ao->pipes = last->next;
    last->next = NULL;
}

sf__sh_pipeline *sf__sh_pipeline_new(sf__shp *p, sf__sh_cmd *c)
{
    sf__sh_pipeline *pl = sf__sh_alloc(p->a, sizeof(*pl));

    if (!pl)
        return NULL;
    if (c) {
        redirs_fix(c);
        pl->cmds = c;
        pl->ncmds = 1;
        pl->span = c->span;
        c->next = c;          /* circular while building */
    }
    return pl;
}

sf__sh_pipeline *sf__sh_pipeline_add(sf__shp *p, sf__sh_pipeline *pl, sf__sh_cmd *c, bool all,
                                     const sf__sh_tok *op)
{
    if (!pl || !c)
        return pl;
    redirs_fix(c);
    if (all) {
        pl->pipe_all = true;
        sf__shp_bashism(p, SF_SH_BASH_PIPE_AMP, op->span.start, op->span.end);
    }
    if (!pl->cmds) {
        c->next = c;
    } else {
        c->next = pl->cmds->next;
        pl->cmds->next = c;
    }
    pl->cmds = c;
    pl->ncmds++;
    span_join(&pl->span, c->span);
    return pl;
}

static void redirs_fix(sf__sh_cmd *c)
{
    sf__sh_redir *last = c->redirs;

    if (!last || !last->next)
        return;
    c->redirs = last->next;
    last->next = NULL;
}

static void pipeline_fix(sf__sh_pipeline *pl)
{
    sf__sh_cmd *last = pl->cmds;

    if (!last || !last->next)
        return;
    pl->cmds = last->next;
    last->next = NULL;
}

sf__sh_pipeline *sf__sh_pipeline_bang(sf__sh_pipeline *pl, const sf__sh_tok *bang)
{
    if (!pl)
        return pl;
    pl->bang = true;
    span_join(&pl->span, bang->span);
    return pl;
}

sf__sh_cmd *sf__sh_simple_new(sf__shp *p)
{
    sf__sh_cmd *c = sf__sh_alloc(p->a, sizeof(*c));

    if (c)
        c->kind = SF_SH_SIMPLE;
    return c;
}

/* Append w to a NULL-terminated word list whose tail is tracked in *tail. */
static void word_append(sf__sh_word **head, sf__sh_word **tail, sf__sh_word *w)
{
    w->next = NULL;
    if (!*head)
        *head = w;
    else
        (*tail)->next = w;
    *tail = w;
}

/* Simple commands keep their last word/assignment/redirection in `tail`-like fields: we use
 * cmd->name (unused for SIMPLE) as the last word and cmd->subject as the last assignment. */
sf__sh_cmd *sf__sh_simple_word(sf__shp *p, sf__sh_cmd *c, const sf__sh_tok *t, bool assign)
{
    SF_UNUSED(p);
    if (!c || !t->word)
        return c;
    if (assign && c->nwords == 0) {
        word_append(&c->assigns, &c->subject, t->word);
        c->nassigns++;
    } else {
        word_append(&c->words, &c->name, t->word);
        c->nwords++;
    }
    span_join(&c->span, t->word->span);
    return c;
}

sf__sh_cmd *sf__sh_simple_redir(sf__shp *p, sf__sh_cmd *c, const sf__sh_tok *t)
{
    return sf__sh_cmd_redirs(p, c, t);
}

sf__sh_cmd *sf__sh_simple_done(sf__shp *p, sf__sh_cmd *c)
{
    if (!c)
        return c;
    c->name = NULL;
    c->subject = NULL;
    c->tail = NULL;
    sf__shp_simple_done(p, c);
    return c;
}

/* Redirections append through cmd->tail (reused as a redirection tail would need a
 * different type), so we keep a circular list like pipelines and fix it up at the end. */
sf__sh_cmd *sf__sh_cmd_redirs(sf__shp *p, sf__sh_cmd *c, const sf__sh_tok *t)
{
    sf__sh_redir *r = t->redir;

    SF_UNUSED(p);
    if (!c || !r)
        return c;
    if (!c->redirs) {
        r->next = r;
    } else {
        r->next = c->redirs->next;
        c->redirs->next = r;
    }
    c->redirs = r;
    span_join(&c->span, r->span);
    return c;
}

sf__sh_cmd *sf__sh_compound(sf__shp *p, sf__sh_cmd_kind k, const sf__sh_tok *open,
                            sf__sh_list *cond, sf__sh_list *body, const sf__sh_tok *close)
{
    sf__sh_cmd *c = sf__sh_alloc(p->a, sizeof(*c));

    if (!c)
        return NULL;
    c->kind = k;
    c->span = open->span;
    c->cond = list_fix(cond);
    c->body = list_fix(body);
    if (cond)
        span_join(&c->span, cond->span);
    if (body)
        span_join(&c->span, body->span);
    if (close)
        span_join(&c->span, close->span);
    c->tail = c;
    return c;
}

sf__sh_cmd *sf__sh_if_else(sf__shp *p, sf__sh_cmd *ifc, sf__sh_cmd *elif, sf__sh_list *else_body,
                           const sf__sh_tok *fi)
{
    SF_UNUSED(p);
    if (!ifc)
        return ifc;
    if (elif) {
        sf__sh_cmd *t = ifc->tail ? ifc->tail : ifc;
        t->elif = elif;
        ifc->tail = elif;
        span_join(&ifc->span, elif->span);
    }
    if (else_body) {
        sf__sh_cmd *t = ifc->tail ? ifc->tail : ifc;
        t->else_body = list_fix(else_body);
        span_join(&ifc->span, else_body->span);
        if (t != ifc)
            span_join(&t->span, else_body->span);
    }
    if (fi) {
        span_join(&ifc->span, fi->span);
        ifc->tail = NULL;
    }
    return ifc;
}

sf__sh_cmd *sf__sh_loop_new(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *name)
{
    sf__sh_cmd *c = sf__sh_alloc(p->a, sizeof(*c));

    if (!c)
        return NULL;
    c->kind = kw->kind == SF_SHT_SELECT ? SF_SH_SELECT : SF_SH_FOR;
    c->span = kw->span;
    c->name = name->word;
    if (name->word)
        span_join(&c->span, name->word->span);
    if (c->kind == SF_SH_SELECT)
        sf__shp_bashism(p, SF_SH_BASH_SELECT, kw->span.start, kw->span.end);
    return c;
}

sf__sh_cmd *sf__sh_loop_in(sf__sh_cmd *loop, sf__sh_word *words)
{
    sf__sh_word *w;

    if (!loop)
        return loop;
    loop->has_in = true;
    /* words arrive as a circular list (see sf__sh_words_add): unroll. */
    if (words) {
        loop->words = words->next;
        words->next = NULL;
        for (w = loop->words; w; w = w->next) {
            loop->nwords++;
            span_join(&loop->span, w->span);
        }
    }
    return loop;
}

sf__sh_cmd *sf__sh_arith_for(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *dparen)
{
    sf__sh_cmd *c = sf__sh_alloc(p->a, sizeof(*c));

    if (!c)
        return NULL;
    c->kind = SF_SH_ARITH_FOR;
    c->span = kw->span;
    span_join(&c->span, dparen->span);
    if (dparen->cmd)
        c->expr = dparen->cmd->expr;
    return c;
}

sf__sh_cmd *sf__sh_loop_end(sf__shp *p, sf__sh_cmd *loop, sf__sh_list *body,
                            const sf__sh_tok *done)
{
    SF_UNUSED(p);
    if (!loop)
        return loop;
    loop->body = list_fix(body);
    if (body)
        span_join(&loop->span, body->span);
    span_join(&loop->span, done->span);
    return loop;
}

/* Word lists are circular while building: list points at the last word. */
sf__sh_word *sf__sh_words_add(sf__sh_word *list, const sf__sh_tok *t)
{
    sf__sh_word *w = t->word;

    if (!w)
        return list;
    if (!list) {
        w->next = w;
    } else {
        w->next = list->next;
        list->next = w;
    }
    return w;
}

static sf__sh_word *words_fix(sf__sh_word *last)
{
    sf__sh_word *first;

    if (!last)
        return NULL;
    first = last->next;
    last->next = NULL;
    return first;
}

sf__sh_cmd *sf__sh_case_new(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *subject,
                            sf__sh_case_item *items, const sf__sh_tok *esac)
{
    sf__sh_cmd *c = sf__sh_alloc(p->a, sizeof(*c));

    if (!c)
        return NULL;
    c->kind = SF_SH_CASE;
    c->span = kw->span;
    c->subject = subject->word;
    span_join(&c->span, esac->span);
    if (items) {
        c->items = items->next;
        items->next = NULL;
    }
    return c;
}

sf__sh_case_item *sf__sh_case_item_new(sf__shp *p, sf__sh_word *patterns, const sf__sh_tok *first,
                                       const sf__sh_tok *rparen, sf__sh_list *body)
{
    sf__sh_case_item *it = sf__sh_alloc(p->a, sizeof(*it));

    if (!it)
        return NULL;
    it->patterns = words_fix(patterns);
    it->span = rparen->span;
    if (first)
        span_join(&it->span, first->span);
    if (it->patterns)
        span_join(&it->span, it->patterns->span);
    it->body = list_fix(body);
    if (body)
        span_join(&it->span, body->span);
    return it;
}

sf__sh_case_item *sf__sh_case_item_end(sf__sh_case_item *it, const sf__sh_tok *end)
{
    if (!it)
        return it;
    it->end_span = end->span;
    it->end = end->kind == SF_SHT_DSEMI ? SF_SH_CASE_END_BREAK
            : end->kind == SF_SHT_SEMI_AMP ? SF_SH_CASE_END_FALL : SF_SH_CASE_END_CONT;
    span_join(&it->span, end->span);
    return it;
}

/* Case items are circular while building, like word lists. */
sf__sh_case_item *sf__sh_case_items_add(sf__sh_case_item *list, sf__sh_case_item *it)
{
    if (!it)
        return list;
    if (!list) {
        it->next = it;
    } else {
        it->next = list->next;
        list->next = it;
    }
    return it;
}

sf__sh_cmd *sf__sh_funcdef(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *name,
                           sf__sh_cmd *body)
{
    sf__sh_cmd *c = sf__sh_alloc(p->a, sizeof(*c));

    if (!c)
        return NULL;
    c->kind = SF_SH_FUNCDEF;
    c->span = name->span;
    c->name = name->word;
    if (kw) {
        c->function_kw = true;
        span_join(&c->span, kw->span);
        sf__shp_bashism(p, SF_SH_BASH_FUNCTION_KW, kw->span.start, kw->span.end);
    }
    c->fbody = body;
    if (body)
        redirs_fix(body);
    if (body)
        span_join(&c->span, body->span);
    return c;
}

sf__sh_cmd *sf__sh_token_cmd(const sf__sh_tok *t)
{
    return t->cmd;
}

void sf__sh_top_add(sf__shp *p, sf__sh_andor *ao)
{
    sf__sh_list_add(p, p->root, ao);
}

void sf__sh_top_sep(sf__shp *p, const sf__sh_tok *sep)
{
    sf__sh_list_sep(p->root, sep);
}

/* The top-level list is finished once, after the parse (inner lists are finished by the
 * constructor that takes them). */
void sf__sh_list_finish(sf__sh_list *l)
{
    list_fix(l);
}
