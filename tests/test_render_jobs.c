/*
 * test_render_jobs.c - worker processes: a child's error comes back whole, a
 * child that dies or is cancelled is reported and reaped, SLAPACK_JOBS caps
 * the count.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "render_jobs.h"
#include "util.h"

static sla_status succeed(const void *arg, sla_error *err)
{
    (void)arg;
    (void)err;
    return SLA_OK;
}

static sla_status fail_with(const void *arg, sla_error *err)
{
    return sla_fail(err, SLA_ERR_IO, arg, 7, 3, "cannot write the workbook: %s", "disk full");
}

static sla_status die(const void *arg, sla_error *err)
{
    (void)arg;
    (void)err;
    raise(SIGKILL);
    return SLA_OK;
}

static sla_status hang(const void *arg, sla_error *err)
{
    (void)arg;
    (void)err;
    pause();
    return SLA_OK;
}

/* No child of this process is left unreaped. */
static void assert_no_children(void)
{
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
}

static void test_success(void **state)
{
    (void)state;
    sla_job job;
    sla_error err = {0};
    assert_true(sla_job_start(&job, succeed, NULL));
    assert_int_equal(sla_job_wait(&job, "x.xlsx", &err), SLA_OK);
    assert_int_equal(err.status, SLA_OK);
    assert_no_children();
}

static void test_child_error(void **state)
{
    (void)state;
    sla_job job;
    sla_error err = {0};
    assert_true(sla_job_start(&job, fail_with, "out/book.xlsx"));
    assert_int_equal(sla_job_wait(&job, "x.xlsx", &err), SLA_ERR_IO);
    assert_string_equal(err.source, "out/book.xlsx");
    assert_int_equal(err.line, 7);
    assert_int_equal(err.column, 3);
    assert_string_equal(err.text, "cannot write the workbook: disk full");
    assert_no_children();
}

static void test_child_killed(void **state)
{
    (void)state;
    sla_job job;
    sla_error err = {0};
    assert_true(sla_job_start(&job, die, NULL));
    assert_int_equal(sla_job_wait(&job, "out/book.xlsx", &err), SLA_ERR_IO);
    assert_string_equal(err.source, "out/book.xlsx");
    assert_non_null(strstr(err.text, "killed (signal 9)"));
    assert_no_children();
}

static void test_cancel(void **state)
{
    (void)state;
    sla_job job;
    assert_true(sla_job_start(&job, hang, NULL));
    sla_job_cancel(&job);
    assert_no_children();
}

static void test_jobs_env(void **state)
{
    (void)state;
    setenv("SLAPACK_JOBS", "1", 1);
    assert_int_equal(sla_jobs(), 1);
    setenv("SLAPACK_JOBS", "16", 1);
    assert_int_equal(sla_jobs(), 4);
    setenv("SLAPACK_JOBS", "0", 1);
    assert_int_equal(sla_jobs(), 1);
    unsetenv("SLAPACK_JOBS");
    assert_true(sla_jobs() >= 1 && sla_jobs() <= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success),      cmocka_unit_test(test_child_error),
        cmocka_unit_test(test_child_killed), cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_jobs_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
