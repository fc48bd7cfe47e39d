/* bench_cjson: cJSON building its tree (parse + free). */
#include "harness.h"
#include <cjson/cJSON.h>

static void run(const char *b, size_t n)
{
    cJSON *j = cJSON_ParseWithLength(b, n);
    sink += j != NULL;
    cJSON_Delete(j);
}
static const workload workloads[] = {{"cjson-parse", run}};
int main(int argc, char **argv) { return bench_main(argc, argv, workloads, 1, 200, NULL); }
