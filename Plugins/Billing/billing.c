#include "smartdesk.h"
