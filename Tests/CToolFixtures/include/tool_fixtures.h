#include <stdint.h>
int64_t sd_fixture_add(int64_t a, int64_t b);
