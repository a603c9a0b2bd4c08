/* fuzz_profile — the hardware-profile reader (hwmodel/hw_profile.c), from memory: what
 * hw_profile_load_file does after reading the file `vroomsim fib --profile` names. */
#include "fuzz.h"
#include "hw_profile.h"

int fuzz_profile(const uint8_t *data, size_t size)
{
    const hw_profile_t *p = NULL;
    if (hw_profile_load_string("fuzz.yaml", (const char *)data, size, &p) == VS_OK)
        hw_profile_free(p);
    return 0;
}
