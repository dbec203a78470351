/*
 * render_jobs.c - see render_jobs.h.
 */
#include "render_jobs.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

bool sla_job_start(sla_job *job, sla_job_fn fn, const void *arg)
{
    int fd[2];
    job->pid = -1;
    job->fd = -1;
    if (pipe(fd) != 0)
        return false;
    pid_t parent = getpid();
    fflush(NULL); /* or buffered output would be written twice */
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        /* Die with the parent; it may have gone before this took effect. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(1);
        sla_error err = {0};
        fn(arg, &err);
        ssize_t n = write(fd[1], &err, sizeof err);
        _exit(n == (ssize_t)sizeof err ? 0 : 1);
    }
    close(fd[1]);
    if (pid < 0) {
        close(fd[0]);
        return false;
    }
    job->pid = pid;
    job->fd = fd[0];
    return true;
}

sla_status sla_job_wait(sla_job *job, const char *what, sla_error *err)
{
    sla_error child = {0};
    ssize_t n;
    do
        n = read(job->fd, &child, sizeof child);
    while (n < 0 && errno == EINTR);
    int status = 0;
    while (waitpid(job->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(job->fd);
    job->fd = -1;
    if (n != (ssize_t)sizeof child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFSIGNALED(status))
            return sla_fail(err, SLA_ERR_IO, what, 0, 0,
                            "the worker process writing it was killed (signal %d)",
                            WTERMSIG(status));
        return sla_fail(err, SLA_ERR_IO, what, 0, 0, "the worker process writing it failed");
    }
    if (child.status != SLA_OK)
        return sla_fail(err, child.status, child.source, child.line, child.column, "%s",
                        child.text);
    return SLA_OK;
}

void sla_job_cancel(sla_job *job)
{
    kill(job->pid, SIGKILL);
    while (waitpid(job->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    close(job->fd);
    job->fd = -1;
}
