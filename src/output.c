/*
 * output.c - atomic output folders and files.
 *
 * The new folder is built as OUT/.<name>.tmp-<pid> and swapped with the old
 * one by renameat2(RENAME_EXCHANGE), so at every instant OUT/<name> is either
 * the complete old output or the complete new one; the old one is then
 * removed. Leftovers of killed runs (.<name>.tmp-*) are cleaned on the next.
 */
#define _GNU_SOURCE
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct sla_outdir {
    char *root, *name, *tmp, *final;
};

/* Remove a folder tree (only our own output folders ever get here). A link
 * is removed, never followed: after an exchange with a link in the way, the
 * folder it points to is someone else's. */
static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *child = sla_path_join(path, e->d_name);
            remove_tree(child);
            free(child);
        }
        closedir(d);
    }
    rmdir(path);
}

/* fsync every file below path, then the folder itself. */
static int sync_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) && rc == 0) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *child = sla_path_join(path, e->d_name);
        struct stat st;
        if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = sync_tree(child);
        } else {
            int fd = open(child, O_RDONLY);
            rc = fd < 0 || fsync(fd) != 0 ? -1 : 0;
            if (fd >= 0)
                close(fd);
        }
        free(child);
    }
    closedir(d);
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || fsync(fd) != 0)
        rc = -1;
    if (fd >= 0)
        close(fd);
    return rc;
}

static sla_status mkdirs(const char *path, sla_error *err)
{
    char *p = sla_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    int rc = mkdir(p, 0755);
    struct stat st;
    sla_status status = SLA_OK;
    if (rc != 0 && !(errno == EEXIST && stat(p, &st) == 0 && S_ISDIR(st.st_mode)))
        status = sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot create the output folder: %s",
                          errno == EEXIST ? "a file of that name is in the way" : strerror(errno));
    free(p);
    return status;
}

sla_status sla_out_begin(const char *out_root, const char *name, sla_outdir **out,
                         sla_error *err)
{
    *out = NULL;
    sla_status st = mkdirs(out_root, err);
    if (st)
        return st;
    /* Clean leftovers of killed runs. */
    DIR *d = opendir(out_root);
    char prefix[256];
    snprintf(prefix, sizeof prefix, ".%s.tmp-", name);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
                char *p = sla_path_join(out_root, e->d_name);
                remove_tree(p);
                free(p);
            }
        closedir(d);
    }
    sla_outdir *o = sla_xcalloc(1, sizeof *o);
    o->root = sla_xstrdup(out_root);
    o->name = sla_xstrdup(name);
    char tmpname[300];
    snprintf(tmpname, sizeof tmpname, "%s%ld", prefix, (long)getpid());
    o->tmp = sla_path_join(out_root, tmpname);
    o->final = sla_path_join(out_root, name);
    /* The exchange would swap a file or a link in OUT/<name> into the
     * temporary name and on to removal: refuse before any work is done. */
    struct stat fs;
    if (lstat(o->final, &fs) == 0 && !S_ISDIR(fs.st_mode))
        st = sla_fail(err, SLA_ERR_IO, o->final, 0, 0,
                      "cannot replace the output folder: a %s of that name is in the way",
                      S_ISLNK(fs.st_mode) ? "link" : "file");
    else if (mkdir(o->tmp, 0755) != 0)
        st = sla_fail(err, SLA_ERR_IO, o->tmp, 0, 0, "cannot create: %s", strerror(errno));
    if (st) {
        sla_out_abort(o); /* tmp was never made: nothing is removed */
        return st;
    }
    *out = o;
    return SLA_OK;
}

char *sla_out_path(const sla_outdir *o, const char *relative)
{
    return sla_path_join(o->tmp, relative);
}

sla_status sla_out_commit(sla_outdir *o, sla_error *err)
{
    sla_status st = SLA_OK;
    if (sync_tree(o->tmp) != 0) {
        st = sla_fail(err, SLA_ERR_IO, o->tmp, 0, 0, "cannot sync the output: %s",
                      strerror(errno));
    } else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE) == 0) {
        /* o->tmp now holds the previous output */
    } else if (errno == ENOENT && rename(o->tmp, o->final) == 0) {
        /* first run: nothing to exchange with */
    } else {
        st = sla_fail(err, SLA_ERR_IO, o->final, 0, 0, "cannot move the output into place: %s",
                      strerror(errno));
    }
    int dfd = open(o->root, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    sla_out_abort(o);
    return st;
}

void sla_out_abort(sla_outdir *o)
{
    if (!o)
        return;
    remove_tree(o->tmp);
    free(o->root);
    free(o->name);
    free(o->tmp);
    free(o->final);
    free(o);
}

sla_status sla_write_file_atomic(const char *path, const void *data, size_t len,
                                 sla_error *err)
{
    char *tmp = sla_xmalloc(strlen(path) + 16);
    sprintf(tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    sla_status st = SLA_OK;
    if (fd < 0) {
        st = sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return st;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            st = sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    if (st == SLA_OK && fsync(fd) != 0)
        st = sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (close(fd) != 0 && st == SLA_OK)
        st = sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (st == SLA_OK && rename(tmp, path) != 0)
        st = sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (st != SLA_OK)
        unlink(tmp);
    free(tmp);
    return st;
}
