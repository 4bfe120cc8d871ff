#include "app/cli.h"

int main(int argc, char** argv) {
    return lanner::app::run_cli(argc, argv);
}
