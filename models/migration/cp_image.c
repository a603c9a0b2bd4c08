#include "cp_image.h"

vs_err_t cp_image_curve(hw_image_profile_t *out)
{
    const hw_profile_t *p = NULL;
    vs_err_t err = hw_profile_load(CP_IMAGE_PROFILE, &p);
    if (err)
        return err;
    if (p->has_image)
        *out = p->image;
    else
        err = vs_fail(VS_EINVAL,
                      "profile '%s' (%s) has no 'image' section: the size of a VR's memory image "
                      "comes from it (docs/profiles.md)",
                      CP_IMAGE_PROFILE, p->path);
    hw_profile_free(p);
    return err;
}

int64_t cp_image_vr(const hw_image_profile_t *curve, const scn_vrouter_t *v)
{
    if (v->image_bytes)
        return v->image_bytes;
    return hw_image_bytes(curve, v->ospf ? v->ospf_routes : 0, v->bgp ? v->bgp_routes : 0);
}
