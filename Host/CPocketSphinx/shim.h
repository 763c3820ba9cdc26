// Debian's libpocketsphinx-dev + libsphinxbase-dev (pkg-config pocketsphinx), 5prealpha API.
#include <pocketsphinx.h>
