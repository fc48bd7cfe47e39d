/* bench_jsonc: json-c building its tree (parse + free). */
#include "harness.h"
#include <json-c/json.h>

static void run(const char *b, size_t n)
{
    struct json_tokener *t = json_tokener_new();
    struct json_object *j = json_tokener_parse_ex(t, b, (int)n);
    sink += j != NULL;
    json_object_put(j);
    json_tokener_free(t);
}
static const workload workloads[] = {{"json-c-parse", run}};
int main(int argc, char **argv) { return bench_main(argc, argv, workloads, 1, 200, NULL); }
