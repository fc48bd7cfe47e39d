/* bench_jansson: jansson building its tree (parse + free). */
#include "harness.h"
#include <jansson.h>

static void run(const char *b, size_t n)
{
    json_error_t err;
    json_t *j = json_loadb(b, n, 0, &err);
    sink += j != NULL;
    json_decref(j);
}
static const workload workloads[] = {{"jansson-parse", run}};
int main(int argc, char **argv) { return bench_main(argc, argv, workloads, 1, 200, NULL); }
