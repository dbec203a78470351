/*
 * main.c - argv → options; run; print the one error; exit status.
 */
#include <stdio.h>

int main(void)
{
    fputs("slapack: not yet\n", stderr);
    return 2;
}
