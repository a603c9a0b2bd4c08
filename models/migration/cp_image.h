/* cp_image — the size of a virtual router's control-plane memory image: the scenario's
 * `image` when it gives one, otherwise a function of the routes the VR holds, per routing
 * protocol (hwmodel's hw_image_bytes). The curve is an input (seed 001 Table 1 and
 * Sec. 6.4.2), read from the image section of profile CP_IMAGE_PROFILE, where each value's
 * source and the reading of the paper's "MB" (10^6 bytes, an assumption) are stated. */
#ifndef CP_IMAGE_H
#define CP_IMAGE_H

#include <stdint.h>

#include "hw_profile.h"
#include "scn.h"
#include "vs_error.h"

#define CP_IMAGE_PROFILE "openvz-vr"

/* Loads the curve of CP_IMAGE_PROFILE into *out. Fails (status 2, or VS_ENOTFOUND) when the
 * profile is missing, malformed or has no image section. */
vs_err_t cp_image_curve(hw_image_profile_t *out);

/* Image bytes of v: its scenario `image`, or the curve at its OSPF and BGP routes. */
int64_t cp_image_vr(const hw_image_profile_t *curve, const scn_vrouter_t *v);

#endif
