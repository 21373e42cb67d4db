/* The importers' maps: a string map (open addressing, FNV-1a) and, on it, the people a file
 * names by staff number. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "ophamp/text.h"
#include "ophamp/xalloc.h"

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

struct smap_entry *smap_get(const struct smap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    for (size_t i = str_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->e[i].key)
            return NULL;
        if (strcmp(m->e[i].key, key) == 0)
            return &m->e[i];
    }
}

static void smap_grow(struct smap *m)
{
    struct smap grown = {xcalloc(m->cap ? m->cap * 2 : 64, sizeof(struct smap_entry)),
                         m->cap ? m->cap * 2 : 64, m->n};
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->e[i].key)
            continue;
        size_t j = str_hash(m->e[i].key) & (grown.cap - 1);
        while (grown.e[j].key)
            j = (j + 1) & (grown.cap - 1);
        grown.e[j] = m->e[i];
    }
    free(m->e);
    *m = grown;
}

struct smap_entry *smap_put(struct smap *m, const char *key)
{
    struct smap_entry *e = smap_get(m, key);
    if (e)
        return e;
    if ((m->n + 1) * 2 > m->cap)
        smap_grow(m);
    size_t i = str_hash(key) & (m->cap - 1);
    while (m->e[i].key)
        i = (i + 1) & (m->cap - 1);
    m->e[i].key = xstrdup(key);
    m->n++;
    return &m->e[i];
}

void smap_free(struct smap *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->e[i].key);
        if (free_val && m->e[i].val)
            free_val(m->e[i].val);
    }
    free(m->e);
    memset(m, 0, sizeof *m);
}

/* ---- people by staff number -------------------------------------------------------------- */

/* The key of a staff number: its letters in upper case (staff_number_same). */
static const char *number_key(const char *number, char key[TXT(MAX_NUMBER)])
{
    size_t i = 0;
    for (; number[i] && i + 1 < TXT(MAX_NUMBER); i++)
        key[i] = number[i] >= 'a' && number[i] <= 'z' ? (char)(number[i] - 'a' + 'A') : number[i];
    key[i] = '\0';
    return key;
}

struct file_person *person_map_get(const struct person_map *pm, const char *number)
{
    char key[TXT(MAX_NUMBER)];
    struct smap_entry *e = smap_get(&pm->m, number_key(number, key));
    return e ? e->val : NULL;
}

struct file_person *person_map_put(struct person_map *pm, const char *number)
{
    char key[TXT(MAX_NUMBER)];
    struct smap_entry *e = smap_put(&pm->m, number_key(number, key));
    if (!e->val)
        e->val = xcalloc(1, sizeof(struct file_person));
    return e->val;
}

static void file_person_free(void *v)
{
    struct file_person *p = v;
    free(p->name);
    free(p->role);
    free(p->rank);
    free(p->team);
    free(p);
}

void person_map_free(struct person_map *pm)
{
    smap_free(&pm->m, file_person_free);
}

int file_person_role(const struct file_person *p)
{
    if (!p->role || !p->role[0])
        return ROLE_OFFICER;
    char word[48];
    text_copy(word, sizeof word, p->role);
    for (char *s = word; *s; s++)
        *s = (char)tolower((unsigned char)*s);
    return vocab_find(&VOCAB_PERSON_ROLE, word);
}
