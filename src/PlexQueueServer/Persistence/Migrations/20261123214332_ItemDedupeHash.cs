using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlexQueueServer.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ItemDedupeHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DedupeHash",
                table: "Items",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Items_QueueId_Key_DedupeHash",
                table: "Items",
                columns: new[] { "QueueId", "Key", "DedupeHash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Items_QueueId_Key_DedupeHash",
                table: "Items");

            migrationBuilder.DropColumn(
                name: "DedupeHash",
                table: "Items");
        }
    }
}
