#pragma once
// How a face leans in the picture, from its mirror symmetry rather than its landmarks.
//
// Seen nearly square on, a face's features (eyes, brows, nose, the frames of glasses) are
// mirror images of each other across its midline, and that holds whatever the 68-point fit
// makes of them: on one test head, behind glasses and lit from the side, the fit's eye
// corners lie 9 degrees off level where the face's are level, and the model fitted to them
// read a face squarely facing the camera as tilted 8 degrees. Calibration uses this to set
// the fitted model's lean (docs/tracker-record.md, "Facing the camera squarely").

#include <opencv2/core/mat.hpp>
#include <optional>

#include "vision/landmarks.hpp"

namespace midline {

// The angle in the picture, in degrees, of the face's left-right axis (the perpendicular to
// its mirror axis), measured as the eye line's is (atan2 of its rise over its run, y down:
// positive when the face's image-right side is lower). Searched within 10 degrees of the
// landmarks' eye line, over the region from the brows to the nose, comparing the
// picture's gradients with their mirror image (so a light from one side, which makes one
// half brighter, matters little). Empty where the face is too small, the region leaves the
// frame, or the best match is at the edge of the search. From an 8-bit grey frame; meant for
// a face turned no more than a few degrees (a turned face is not its own mirror image).
std::optional<double> face_lean_in_picture(const cv::Mat& gray, const Landmarks& landmarks);

}  // namespace midline
