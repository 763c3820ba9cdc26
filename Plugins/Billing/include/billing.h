/* Internal declarations shared by the Billing plugin's source files. */
#ifndef SMARTDESK_BILLING_H
#define SMARTDESK_BILLING_H
#include "smartdesk.h"
#endif
