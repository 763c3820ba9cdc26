/* The SDK is its header, include/smartdesk.h; SwiftPM needs one source file in a C target. */
#include "smartdesk.h"
