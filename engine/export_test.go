package engine

// FuzzWithin is within for the fuzz targets of package engine_test.
var FuzzWithin = within
