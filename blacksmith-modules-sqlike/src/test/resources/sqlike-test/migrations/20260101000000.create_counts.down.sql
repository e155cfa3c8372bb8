drop table counts;
