// kanaria's entry point: everything happens in cli/app.cc.
#include "cli/app.h"

int main(int argc, char** argv) { return kanaria::cli::RunApp(argc, argv); }
