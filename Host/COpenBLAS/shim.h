// Debian's libopenblas-dev puts cblas.h under the openblas-pthread include dir (pkg-config openblas).
#include <cblas.h>

// LAPACK's Cholesky factorisation and the inverse from it, as libopenblas exports them (Fortran
// calling convention: every argument by pointer). OpenBLAS implements both in C, so there is no
// hidden Fortran string-length argument to pass.
int dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
int dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);
